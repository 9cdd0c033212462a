// The one shape of every receipt and notice: addressed to the user its read found, in their
// language with the receipt words and footer, or to nobody (a closed account, no row); and the
// facts of a payment (amount, credits, date) that a pack's and an auto top-up's receipt both show.
import type { Locale } from '../vocabulary/locales';
import { formatCredits, formatDate, formatMoney } from './format';
import { type MailContent, render } from './layout';
import { RECEIPT_WORDS } from './receipt-words';
import { type RecipientRow, toRecipient } from './recipient';
import type { MailMessage } from './send';

export type ReceiptWords = (typeof RECEIPT_WORDS)[Locale];

/** A message's content in the words of `locale` (the recipient's), from what its read found. */
export type Worded<Row> = (w: ReceiptWords, locale: Locale, row: Row) => Omit<MailContent, 'locale' | 'footer'>;

/** The message `content` describes, for the row's user in their language; null when there is nobody to write to. */
export function wordedFor<Row extends RecipientRow>(
  row: Row | undefined,
  content: Worded<Row>,
): Omit<MailMessage, 'idempotencyKey'> | null {
  const to = toRecipient(row);
  if (!to || !row) return null;
  const w = RECEIPT_WORDS[to.locale];
  return { to: to.email, ...render({ locale: to.locale, footer: w.footer, ...content(w, to.locale, row) }) };
}

/** What was paid, the credits it bought and when: a payment receipt's facts. */
export function paidFacts(
  w: ReceiptWords,
  locale: Locale,
  paid: { amount: number; currency: string; credits: number; at: number },
): [string, string][] {
  return [
    [w.amount, formatMoney(locale, paid.amount, paid.currency)],
    [w.credits, formatCredits(locale, paid.credits)],
    [w.date, formatDate(locale, paid.at)],
  ];
}
