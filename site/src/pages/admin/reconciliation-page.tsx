// /{locale}/admin/reconciliation: Stripe's last 72 h against the ledger, in three lists; an empty list says all is well.
import { createResource, For, Show } from 'solid-js';
import { adminApi, type Reconciliation } from '../../lib/api';
import { formatDateTime, formatMoney, locale, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert, orNone, TableWrap } from './admin-ui';

type Item = Reconciliation['paidNotCredited'][number];

const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  amount === null || amount === undefined || !currency ? at('none') : formatMoney(locale(), amount, currency);

function ItemList(props: { id: string; title: AdminKey; ok: AdminKey; items: Item[] }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{at(props.title)}</h2>
      <Show when={props.items.length > 0} fallback={<p class="notice ok">{at(props.ok)}</p>}>
        <TableWrap label={at(props.title)}>
          <table class="ledger">
            <thead>
              <tr>
                <th scope="col">{at('col_session')}</th>
                <th scope="col">{at('col_user')}</th>
                <th scope="col">{at('col_stripe')}</th>
                <th scope="col">{at('col_ours')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.items}>
                {(item) => (
                  <tr>
                    <td class="mono">{item.sessionId}</td>
                    <td class="mono">{orNone(item.userId)}</td>
                    <td>
                      {item.stripe
                        ? `${orNone(item.stripe.status)} / ${item.stripe.paymentStatus} · ${money(item.stripe.amount, item.stripe.currency)}`
                        : at('none')}
                    </td>
                    <td>
                      {item.ours
                        ? `${item.ours.status} · ${money(item.ours.amount, item.ours.currency)} · ${orNone(item.ours.credited)} / ${item.ours.credits}`
                        : at('none')}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </TableWrap>
      </Show>
    </section>
  );
}

export default function ReconciliationPage() {
  usePageTitle(() => at('recon_title'));
  const [report] = createResource(adminApi.reconciliation);
  return (
    <>
      <h1>{at('recon_title')}</h1>
      <ErrorAlert error={report.error} />
      <Show
        when={report()}
        fallback={
          <Show when={!report.error}>
            <p class="muted">{t('loading')}</p>
          </Show>
        }
      >
        {(r) => (
          <>
            <p class="muted">{at('recon_since', { time: formatDateTime(locale(), r().since), n: r().listed })}</p>
            <ItemList id="recon-paid" title="recon_paid_not_credited" ok="recon_ok_paid" items={r().paidNotCredited} />
            <ItemList
              id="recon-credited"
              title="recon_credited_not_paid"
              ok="recon_ok_credited"
              items={r().creditedNotPaid}
            />
            <ItemList id="recon-mismatch" title="recon_mismatched" ok="recon_ok_mismatch" items={r().mismatched} />
          </>
        )}
      </Show>
    </>
  );
}
