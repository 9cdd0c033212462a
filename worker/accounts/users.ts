// Users: sign-up and credential checks. Owns the users table except credits/version (ledger trigger).
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { conflict, unauthorized } from '../errors';
import { type AccountState, type AccountStateRow, accountStateColumns, toAccountState } from '../ledger/state';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { SessionUser } from './sessions';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: Db, email: string, password: string): Promise<SessionUser> {
  const user = { id: crypto.randomUUID(), email: normalizeEmail(email) };
  // The unique index decides, not a prior SELECT: two racing sign-ups cannot both win.
  const inserted = await db
    .insert(users)
    .values({ ...user, passwordHash: await hashPassword(password) })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id });
  if (inserted.length === 0) {
    throw conflict('email_taken', 'An account with this email already exists.');
  }
  return user;
}

/** Same error, same work, for an unknown email and a wrong password. */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<SessionUser & { credits: number }> {
  const [row] = await db
    .select({ id: users.id, email: users.email, credits: users.credits, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  const ok = await verifyPassword(password, row?.passwordHash ?? (await decoyPasswordHash()));
  if (!row || !ok) {
    throw unauthorized('invalid_credentials', 'Email or password is incorrect.');
  }
  return { id: row.id, email: row.email, credits: row.credits };
}

/** A user's public account with their money (credits, held, expiring), by id or email. */
export async function findAccount(
  db: Db,
  by: { id: string } | { email: string },
  now = Date.now(),
): Promise<AccountView | null> {
  const where = 'id' in by ? sql`u.id = ${by.id}` : sql`u.email = ${normalizeEmail(by.email)}`;
  const [row] = await db.all<AccountStateRow & { email: string }>(
    sql`SELECT u.email, ${accountStateColumns(now)} FROM users u WHERE ${where} LIMIT 1`,
  );
  if (!row) return null;
  const { userId, credits, held, expiring, version } = toAccountState(row);
  return { id: userId, email: row.email, credits, held, expiring, version };
}

export interface AccountView {
  id: string;
  email: string;
  credits: number;
  held: number;
  expiring: AccountState['expiring'];
  /** For a live snapshot; not part of the public account shape. */
  version: number;
}
