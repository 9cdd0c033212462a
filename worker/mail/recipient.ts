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

export async function recipientOf(db: Db, userId: string): Promise<Recipient | null> {
  const [row] = await db.all<{ email: string; locale: string | null; closed: number }>(
    sql`SELECT email, locale, password_hash = ${CLOSED_PASSWORD_HASH} AS closed FROM users WHERE id = ${userId}`,
  );
  // `.invalid` never delivers (a closed account's tombstone is one): nobody to write to.
  if (!row || row.closed === 1 || row.email.endsWith('.invalid')) return null;
  return { email: row.email, locale: localeOr(row.locale) };
}
