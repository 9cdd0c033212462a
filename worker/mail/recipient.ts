// Who an email about a user goes to: their address and language, read fresh when the email is built
// (never from the event that caused it), and nobody for a closed account.
import { sql } from 'drizzle-orm';
import { CLOSED_PASSWORD_HASH } from '../accounts/closed';
import type { Db } from '../db/client';
import { LOCALES, type Locale } from '../vocabulary/locales';

export interface Recipient {
  email: string;
  locale: Locale;
}

export const localeOr = (value: unknown, fallback: Locale = 'en'): Locale =>
  LOCALES.includes(value as Locale) ? (value as Locale) : fallback;

/** The columns a message's read selects from `users u` for toRecipient. */
export const recipientColumns = sql`u.email AS to_email, u.locale AS to_locale,
  u.password_hash = ${CLOSED_PASSWORD_HASH} AS to_closed`;

export interface RecipientRow {
  to_email: string;
  to_locale: string | null;
  to_closed: number;
}

export function toRecipient(row: RecipientRow | undefined): Recipient | null {
  // `.invalid` never delivers (a closed account's tombstone is one): nobody to write to.
  if (!row || row.to_closed === 1 || row.to_email.endsWith('.invalid')) return null;
  return { email: row.to_email, locale: localeOr(row.to_locale) };
}

export async function recipientOf(db: Db, userId: string): Promise<Recipient | null> {
  const [row] = await db.all<{ email: string; locale: string | null; closed: number }>(
    sql`SELECT email, locale, password_hash = ${CLOSED_PASSWORD_HASH} AS closed FROM users WHERE id = ${userId}`,
  );
  if (!row) return null;
  return toRecipient({ to_email: row.email, to_locale: row.locale, to_closed: row.closed });
}
