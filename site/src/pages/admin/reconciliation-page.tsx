// /{locale}/admin/reconciliation: Stripe's last 72 h against the ledger, in three lists; an empty list says all is well.
import { createResource } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { adminApi } from '../../lib/admin-api';
import type { Reconciliation } from '../../lib/api';
import { formatDateTime, formatMoney, locale } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert, orNone } from './admin-ui';

type Item = Reconciliation['paidNotCredited'][number];

const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  amount === null || amount === undefined || !currency ? at('none') : formatMoney(locale(), amount, currency);

function ItemList(props: { id: string; title: AdminKey; ok: AdminKey; items: Item[] }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{at(props.title)}</h2>
      <Loaded when={props.items} empty={<p class="notice ok">{at(props.ok)}</p>}>
        {(items) => (
          <DataTable
            label={at(props.title)}
            rows={items()}
            columns={[
              { head: () => at('col_session'), cell: (item) => item.sessionId, class: 'mono' },
              { head: () => at('col_user'), cell: (item) => orNone(item.userId), class: 'mono' },
              {
                head: () => at('col_stripe'),
                cell: (item) =>
                  item.stripe
                    ? `${orNone(item.stripe.status)} / ${item.stripe.paymentStatus} · ${money(item.stripe.amount, item.stripe.currency)}`
                    : at('none'),
              },
              {
                head: () => at('col_ours'),
                cell: (item) =>
                  item.ours
                    ? `${item.ours.status} · ${money(item.ours.amount, item.ours.currency)} · ${orNone(item.ours.credited)} / ${item.ours.credits}`
                    : at('none'),
              },
            ]}
          />
        )}
      </Loaded>
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
      <Loaded when={report()} failed={report.error}>
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
      </Loaded>
    </>
  );
}
