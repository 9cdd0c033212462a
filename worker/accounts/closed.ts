// What marks a closed account, defined once: closing (account-changes.ts) writes it, and the money
// paths that must refuse a closed account (subscriptions/closed-accounts.ts, subscriptions/guard.ts) read it.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** Never a PBKDF2 string: verifyPassword refuses anything that is not `pbkdf2-sha256$…`. */
export const CLOSED_PASSWORD_HASH = '!deleted';

/**
 * A closed account's email: `.invalid` can never be delivered to (RFC 2606), and the user id
 * keeps it unique, so the real address is free to sign up again.
 */
export function tombstoneEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

/** Whether a user row read already is a closed account (its email is the tombstone). */
export function isClosed(account: { id: string; email: string }): boolean {
  return account.email === tombstoneEmail(account.id);
}

/** SQL: `closed` is 1 when the user `userId` (an SQL expression) closed their account, else 0. */
export const closedAccountSql = (userId: SQL) =>
  sql`SELECT password_hash = ${CLOSED_PASSWORD_HASH} AS closed FROM users WHERE id = ${userId}`;

/** 1 (closed), 0 (open), or undefined (no such user): one light read, none of the money columns. */
async function closedFlag(db: Db, userId: string): Promise<number | undefined> {
  const [row] = await db.all<{ closed: number }>(closedAccountSql(sql`${userId}`));
  return row?.closed;
}

/** Whether `userId` is a user with an open account. */
export async function isOpenAccount(db: Db, userId: string): Promise<boolean> {
  return (await closedFlag(db, userId)) === 0;
}

/** Whether a user is a closed account, asked of D1 (closing writes both markers in one statement). */
export async function isClosedAccount(db: Db, userId: string): Promise<boolean> {
  return (await closedFlag(db, userId)) === 1;
}
