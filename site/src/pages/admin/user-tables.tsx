// The user page's read-only tables: lots (source, remaining, expiry), holds, auto top-up and its attempts, and the ledger.
import { type Column, DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import type { AdminUserPicture } from '../../lib/api';
import { credits, formatDateTime, formatDelta, formatMoney, locale } from '../../lib/i18n';
import { kindLabel } from '../../lib/ledger-kinds';
import { type AdminKey, at } from './admin-i18n';
import { orNone } from './admin-ui';
import { statusWord } from './status-words';

/** Auto top-up amounts: packs and the monthly limit are in US dollars (as the account page shows them). */
const usd = (cents: number) => formatMoney(locale(), cents, 'usd');

export const when = (iso: string | null) => (iso ? formatDateTime(locale(), iso) : at('none'));

/** A titled section holding one table, or its empty sentence. */
export function TableSection<T>(props: {
  id: string;
  title: AdminKey;
  empty: AdminKey;
  rows: T[];
  columns: Column<T>[];
}) {
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{at(props.title)}</h2>
      <Loaded when={props.rows} empty={<p class="muted">{at(props.empty)}</p>}>
        {(rows) => (
          <DataTable label={at('table_label', { title: at(props.title) })} columns={props.columns} rows={rows()} />
        )}
      </Loaded>
    </section>
  );
}

export function UserTables(props: { picture: AdminUserPicture }) {
  return (
    <>
      <TableSection
        id="lots-title"
        title="lots_title"
        empty="lots_empty"
        rows={props.picture.lots}
        columns={[
          { head: () => at('col_source'), cell: (lot) => lot.source },
          {
            head: () => at('col_remaining'),
            cell: (lot) => `${credits(lot.remaining)} / ${credits(lot.amount)}`,
            class: 'num',
          },
          { head: () => at('col_expires'), cell: (lot) => when(lot.expiresAt) },
          { head: () => at('col_reason'), cell: (lot) => orNone(lot.reference) },
        ]}
      />
      <TableSection
        id="holds-title"
        title="holds_title"
        empty="holds_empty"
        rows={props.picture.holds}
        columns={[
          { head: () => at('col_time'), cell: (hold) => when(hold.createdAt) },
          { head: () => at('col_amount'), cell: (hold) => credits(hold.amount), class: 'num' },
          { head: () => at('col_status'), cell: (hold) => statusWord(hold.status) },
          { head: () => at('col_expires'), cell: (hold) => when(hold.expiresAt) },
          { head: () => at('col_reason'), cell: (hold) => hold.reason },
        ]}
      />
      <p class="muted">
        {at('topup_summary', {
          status: props.picture.autoTopup.status,
          threshold: credits(props.picture.autoTopup.thresholdCredits),
          pack: props.picture.autoTopup.packId,
          charged: usd(props.picture.autoTopup.chargedThisMonthCents),
          limit: usd(props.picture.autoTopup.monthlyLimitCents),
          card: props.picture.autoTopup.card
            ? `${props.picture.autoTopup.card.brand} ${props.picture.autoTopup.card.last4}`
            : at('none'),
        })}
      </p>
      <TableSection
        id="topup-title"
        title="topup_title"
        empty="topup_empty"
        rows={props.picture.autoTopup.attempts}
        columns={[
          { head: () => at('col_time'), cell: (a) => when(a.createdAt) },
          { head: () => at('col_status'), cell: (a) => (a.failureCode ? `${a.status} (${a.failureCode})` : a.status) },
          {
            head: () => at('col_amount'),
            cell: (a) => `${usd(a.amountCents)} · ${credits(a.credits)}`,
            class: 'num',
          },
          { head: () => at('col_reason'), cell: (a) => orNone(a.paymentIntentId) },
        ]}
      />
      <TableSection
        id="ledger-title"
        title="ledger_title"
        empty="ledger_empty"
        rows={props.picture.ledger.entries}
        columns={[
          { head: () => at('col_time'), cell: (entry) => when(entry.createdAt) },
          { head: () => at('col_kind'), cell: (entry) => kindLabel(entry.kind) },
          { head: () => at('col_delta'), cell: (entry) => formatDelta(locale(), entry.delta), class: 'num' },
          { head: () => at('col_balance'), cell: (entry) => credits(entry.balanceAfter), class: 'num' },
          { head: () => at('col_reason'), cell: (entry) => orNone(entry.reference) },
          {
            head: () => at('col_internal'),
            cell: (entry) =>
              entry.internal ? `${entry.internal.reason} (${entry.internal.operator ?? '?'})` : at('none'),
          },
        ]}
      />
    </>
  );
}
