// What marks a closed account, defined once: closing (account-changes.ts) writes it, and the money
// paths that must refuse a closed account (billing/closed-accounts.ts, subscriptions/guard.ts) read it.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** Never a PBKDF2 string: verifyPassword refuses anything that is not `pbkdf2-sha256$…`. */
export const CLOSED_PASSWORD_HASH = '!deleted';

export async function isClosedAccount(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.all<{ closed: number }>(
    sql`SELECT password_hash = ${CLOSED_PASSWORD_HASH} AS closed FROM users WHERE id = ${userId}`,
  );
  return row?.closed === 1;
}
