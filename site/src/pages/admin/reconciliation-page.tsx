// /{locale}/admin/reconciliation: Stripe's last 72 h against the ledger, in three lists; an empty list says all is well.
// Each finding names its user (by email, linked) and offers its action: settle a paid session we never
// credited (it credits exactly once), or open the user to refund or look closer.
import { A } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { adminApi } from '../../lib/admin-api';
import type { Reconciliation } from '../../lib/api';
import { formatDateTime, formatMoney, locale, localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert, errorText, orNone } from './admin-ui';
import { statusWord } from './status-words';

type Item = Reconciliation['paidNotCredited'][number];

const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  amount === null || amount === undefined || !currency ? at('none') : formatMoney(locale(), amount, currency);

function UserLink(props: { item: Item }) {
  return (
    <Show when={props.item.userId} fallback={at('none')}>
      {(id) => <A href={localePath(`/admin/users/${encodeURIComponent(id())}`)}>{props.item.email ?? id()}</A>}
    </Show>
  );
}

/** Settle: only for a session Stripe says is paid that the ledger lacks. */
function SettleAction(props: { item: Item; onDone: () => void }) {
  const [state, setState] = createSignal<{ sending?: boolean; message?: string }>({});
  const settle = async () => {
    if (state().sending) return;
    setState({ sending: true });
    try {
      const result = await adminApi.settle(props.item.sessionId);
      setState({ message: statusWord(result.status) });
      props.onDone();
    } catch (error) {
      setState({ message: errorText(error) });
    }
  };
  return (
    <>
      <button type="button" class="button primary" disabled={state().sending} onClick={settle}>
        {state().sending ? at('sending') : at('settle')}
        <span class="visually-hidden"> {props.item.sessionId}</span>
      </button>
      <Show when={state().message}>
        <small role="status"> {state().message}</small>
      </Show>
    </>
  );
}

function ItemList(props: { id: string; title: AdminKey; ok: AdminKey; items: Item[]; onSettled?: () => void }) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{at(props.title)}</h2>
      <Loaded when={props.items} empty={<p class="notice ok">{at(props.ok)}</p>}>
        {(items) => (
          <DataTable
            label={at('table_label', { title: at(props.title) })}
            rows={items()}
            columns={[
              { head: () => at('col_session'), cell: (item) => item.sessionId, class: 'mono' },
              { head: () => at('col_user'), cell: (item) => <UserLink item={item} /> },
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
                    ? `${statusWord(item.ours.status)} · ${money(item.ours.amount, item.ours.currency)} · ${orNone(item.ours.credited)} / ${item.ours.credits}`
                    : at('none'),
              },
              {
                head: () => at('col_action'),
                cell: (item) => (
                  <Show when={props.onSettled && item.ours} fallback={<UserLink item={item} />}>
                    <SettleAction item={item} onDone={() => props.onSettled?.()} />
                  </Show>
                ),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

/** Paid plan invoices the ledger lacks: the cron grants them within 10 minutes; the user is linked. */
function InvoiceList(props: { items: Reconciliation['invoices']['paidNotGranted'] }) {
  return (
    <section aria-labelledby="recon-invoices">
      <h2 id="recon-invoices">{at('recon_invoices')}</h2>
      <Loaded when={props.items} empty={<p class="notice ok">{at('recon_ok_invoices')}</p>}>
        {(items) => (
          <DataTable
            label={at('table_label', { title: at('recon_invoices') })}
            rows={items()}
            columns={[
              { head: () => at('col_invoice'), cell: (i) => i.invoiceId, class: 'mono' },
              {
                head: () => at('col_user'),
                cell: (i) => (
                  <Show when={i.userId} fallback={orNone(i.customer)}>
                    {(id) => <A href={localePath(`/admin/users/${encodeURIComponent(id())}`)}>{i.email ?? id()}</A>}
                  </Show>
                ),
              },
              { head: () => at('col_amount'), cell: (i) => money(i.amountPaid, i.currency), class: 'num' },
              { head: () => at('col_reason'), cell: (i) => orNone(i.billingReason) },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}

export default function ReconciliationPage() {
  usePageTitle(() => at('recon_title'));
  const [report, { refetch }] = createResource(adminApi.reconciliation);
  return (
    <>
      <h1>{at('recon_title')}</h1>
      <ErrorAlert error={report.error} />
      <Loaded when={report()} failed={report.error}>
        {(r) => (
          <>
            <p class="muted">{at('recon_since', { time: formatDateTime(locale(), r().since), n: r().listed })}</p>
            <ItemList
              id="recon-paid"
              title="recon_paid_not_credited"
              ok="recon_ok_paid"
              items={r().paidNotCredited}
              onSettled={() => void refetch()}
            />
            <ItemList
              id="recon-credited"
              title="recon_credited_not_paid"
              ok="recon_ok_credited"
              items={r().creditedNotPaid}
            />
            <ItemList id="recon-mismatch" title="recon_mismatched" ok="recon_ok_mismatch" items={r().mismatched} />
            <InvoiceList items={r().invoices.paidNotGranted} />
          </>
        )}
      </Loaded>
    </>
  );
}
