// The history as CSV: one header row, RFC 4180 quoting, and text cells that cannot run as spreadsheet formulas.
import type { HistoryRow } from './reading';

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

/** Plain English: what the entry was, for people reading the file. */
export function describeForCsv(row: HistoryRow): string {
  if (row.purchase) {
    const pack = `${row.purchase.packName} pack`;
    return row.kind === 'purchase' ? pack : `${row.kind.replace('_', ' ')} of ${pack}`;
  }
  if (row.job) return `Render: ${row.job.prompt} (${row.job.seconds} s, ${row.job.resolution})`;
  if (row.hold) return row.hold.reason;
  return row.reference;
}

/** Amounts in the currency's major unit with two decimals ("10.00"), as people read them. */
function major(amount: number): string {
  return (amount / 100).toFixed(2);
}

export function csvLine(row: HistoryRow): string {
  const paid = row.kind === 'purchase' && row.purchase ? row.purchase : null;
  return [
    csvCell(row.createdAt),
    csvCell(row.kind),
    csvCell(describeForCsv(row)),
    csvCell(row.delta, 'number'),
    csvCell(row.balanceAfter, 'number'),
    paid ? csvCell(major(paid.amount), 'number') : '',
    paid ? csvCell(paid.currency.toUpperCase()) : '',
    csvCell(row.purchase?.sessionId ?? row.hold?.id ?? row.reference),
  ].join(',');
}
