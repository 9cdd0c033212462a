// The history as CSV: one header row, RFC 4180 quoting, and text cells that cannot run as spreadsheet formulas.
import type { HistoryRow } from './rows';

export const CSV_HEADER = [
  'date',
  'kind',
  'description',
  'credits',
  'balance_after',
  'amount_paid',
  'currency',
  'reference',
] as const;

/**
 * One cell. Quoted when it holds a comma, quote, CR or LF (quotes doubled). Free text (a spend's
 * reason, a render's prompt) that starts like a formula (= + - @, tab, CR) gets a leading
 * apostrophe, so a spreadsheet shows it instead of evaluating it; numbers are written as numbers.
 */
export function csvCell(value: string | number | null, kind: 'text' | 'number' = 'text'): string {
  if (value === null) return '';
  let text = String(value);
  if (kind === 'text' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const HOLD_ENDS = { active: 'reserved', captured: 'settled', released: 'released', expired: 'expired' } as const;

/** Plain English, in the page's words: what the entry was, for people reading the file. */
export function describeForCsv(row: HistoryRow): string {
  const of = (thing: string) =>
    row.kind === 'purchase' || row.kind === 'subscription' ? thing : `${row.kind.replace('_', ' ')} of ${thing}`;
  if (row.purchase) return of(`${row.purchase.packName} pack`);
  if (row.invoice) return of(`${row.invoice.planName} plan`);
  if (row.hold) {
    const ends = HOLD_ENDS[row.hold.status];
    const what = row.job
      ? `Video · ${row.job.seconds} s ${row.job.resolution} · ${row.job.prompt}`
      : `Hold · ${row.hold.reason}`;
    return `${what} (${ends})`;
  }
  // A `subscription` entry with no invoice is a rollover: last period's unused credit moved on.
  if (row.kind === 'subscription') return 'Plan credits carried over';
  return row.reference;
}

/** Amounts in the currency's major unit with two decimals ("10.00"), as people read them. */
function major(amount: number): string {
  return (amount / 100).toFixed(2);
}

/** What was paid on this row: a pack's purchase or a plan payment (never on their refunds). */
function paidOn(row: HistoryRow): { amount: number; currency: string } | null {
  if (row.kind === 'purchase' && row.purchase) return row.purchase;
  if (row.kind === 'subscription' && row.invoice) return row.invoice;
  return null;
}

export function csvLine(row: HistoryRow): string {
  const paid = paidOn(row);
  return [
    csvCell(row.createdAt),
    csvCell(row.kind),
    csvCell(describeForCsv(row)),
    csvCell(row.delta, 'number'),
    csvCell(row.balanceAfter, 'number'),
    paid ? csvCell(major(paid.amount), 'number') : '',
    paid ? csvCell(paid.currency.toUpperCase()) : '',
    csvCell(row.purchase?.sessionId ?? row.invoice?.id ?? row.hold?.id ?? row.reference),
  ].join(',');
}
