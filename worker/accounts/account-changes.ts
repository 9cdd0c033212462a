// The account holder's own changes: a new password (every other session ends) and the accounts'
// part of closing the account (every session ends, the email is erased, active holds are released,
// the ledger keeps its rows; the rest of closing is worker/closing/). Both check the current
// password first; rate limiting and the live sockets are the route's.
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { forbidden } from '../errors';
import type { OnCommit } from '../ledger/commit';
import { releaseAllHolds } from '../ledger/hold-closing';
import { CLOSED_PASSWORD_HASH, tombstoneEmail } from './closed';
import { hashPassword, verifyPassword } from './passwords';

/** 403, not 401: the session is fine, only the password typed to confirm was wrong. */
export async function requirePassword(db: Db, userId: string, password: string): Promise<void> {
  const [row] = await db.all<{ password_hash: string }>(sql`SELECT password_hash FROM users WHERE id = ${userId}`);
  if (!row || !(await verifyPassword(password, row.password_hash))) {
    throw forbidden('wrong_password', 'The current password is incorrect.');
  }
}

/**
 * Sets a new password and ends every other session of the user, in one batch (no window where
 * the old sessions outlive the change). Returns the ended sessions' token hashes.
 */
export async function changePassword(
  db: Db,
  input: { userId: string; keepSession: string; currentPassword: string; newPassword: string },
): Promise<string[]> {
  await requirePassword(db, input.userId, input.currentPassword);
  const hash = await hashPassword(input.newPassword);
  const [, ended] = await runBatch<{ token_hash: string }>(db, [
    sql`UPDATE users SET password_hash = ${hash} WHERE id = ${input.userId}`,
    sql`DELETE FROM sessions WHERE user_id = ${input.userId} AND token_hash <> ${input.keepSession} RETURNING token_hash`,
  ]);
  return (ended ?? []).map((row) => row.token_hash);
}

/**
 * Closes the account in one batch: releases every active hold (the app's too: no job may bill an
 * account that is gone), erases the email, makes the password unusable, drops the operator role and
 * ends every session; ledger entries, lots and purchases stay (the books must balance). Returns
 * the ended sessions' token hashes. The checks before it and the Stripe side are worker/closing/'s.
 */
export async function closeAccount(db: Db, onCommit: OnCommit, userId: string): Promise<string[]> {
  // Holds are released through the ledger, in the same batch as the close.
  const { results } = await releaseAllHolds(db, onCommit, userId, [
    sql`UPDATE users SET email = ${tombstoneEmail(userId)}, password_hash = ${CLOSED_PASSWORD_HASH},
        role = 'user' WHERE id = ${userId}`,
    sql`DELETE FROM sessions WHERE user_id = ${userId} RETURNING token_hash`,
  ]);
  return ((results[1] ?? []) as { token_hash: string }[]).map((row) => row.token_hash);
}
