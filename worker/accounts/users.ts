// Users: sign-up and credential checks. Owns the users table except credits/version (ledger trigger).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { conflict, unauthorized } from '../errors';
import { type AccountState, type AccountStateRow, accountStateColumns, toAccountState } from '../ledger/state';
import type { Locale } from '../vocabulary/locales';
import { decoyPasswordHash, hashPassword, isPasswordHash, verifyPassword } from './passwords';
import type { SessionUser } from './sessions';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: Db, email: string, password: string, locale?: Locale): Promise<SessionUser> {
  const user = { id: crypto.randomUUID(), email: normalizeEmail(email) };
  // The unique index decides, not a prior SELECT: two racing sign-ups cannot both win.
  const inserted = await db.all<{ id: string }>(sql`
    INSERT INTO users (id, email, password_hash, locale)
    VALUES (${user.id}, ${user.email}, ${await hashPassword(password)}, ${locale ?? null})
    ON CONFLICT (email) DO NOTHING RETURNING id`);
  if (inserted.length === 0) {
    throw conflict('email_taken', 'An account with this email already exists.');
  }
  return user;
}

/** The language the user's emails are written in from now on (the page they last signed in on). */
export async function rememberLocale(db: Db, userId: string, locale: Locale): Promise<void> {
  await db.run(sql`UPDATE users SET locale = ${locale} WHERE id = ${userId}`);
}

/** Same error, same work, for an unknown email and a wrong password. */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<SessionUser & { credits: number }> {
  const [row] = await db.all<{ id: string; email: string; credits: number; passwordHash: string }>(
    sql`SELECT id, email, credits, password_hash AS passwordHash FROM users WHERE email = ${normalizeEmail(email)} LIMIT 1`,
  );
  // A user with no usable password (an app's user, a closed account) costs the same work as a wrong one.
  const stored = row && isPasswordHash(row.passwordHash) ? row.passwordHash : undefined;
  const ok = (await verifyPassword(password, stored ?? (await decoyPasswordHash()))) && stored !== undefined;
  if (!row || !ok) {
    throw unauthorized('invalid_credentials', 'Email or password is incorrect.');
  }
  return { id: row.id, email: row.email, credits: row.credits };
}

/** A user's public account with their money (credits, held, expiring), by id, email or external id. */
export async function findAccount(
  db: Db,
  by: { id: string } | { email: string } | { externalId: string },
  now = Date.now(),
): Promise<AccountView | null> {
  const where =
    'id' in by
      ? sql`u.id = ${by.id}`
      : 'email' in by
        ? sql`u.email = ${normalizeEmail(by.email)}`
        : sql`u.external_id = ${by.externalId}`;
  const [row] = await db.all<AccountStateRow & { email: string; external_id: string | null }>(
    sql`SELECT u.email, u.external_id, ${accountStateColumns(now)} FROM users u WHERE ${where} LIMIT 1`,
  );
  if (!row) return null;
  const { userId, credits, held, expiring, version } = toAccountState(row);
  return { id: userId, externalId: row.external_id, email: row.email, credits, held, expiring, version };
}

export interface AccountView {
  id: string;
  /** The app's own id for this user (worker/apps/external-users.ts), or null. */
  externalId: string | null;
  email: string;
  credits: number;
  held: number;
  expiring: AccountState['expiring'];
  /** For a live snapshot; not part of the public account shape. */
  version: number;
}
