// The account holder's own changes: a new password (every other session ends) and closing the
// account (every session ends, the email is erased, active holds are released, the ledger keeps its
// rows, open Checkout Sessions are expired). Both check the current password first; rate limiting
// and the live sockets are the route's.
import { eq, sql } from 'drizzle-orm';
import { expireOpenSessions } from '../billing/session-expiry';
import type { Stripe } from '../billing/stripe-client';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { users } from '../db/schema';
import { conflict, forbidden } from '../errors';
import type { OnCommit } from '../ledger/commit';
import { releaseAllHolds } from '../ledger/hold-closing';
import { currentSubscription, LIVE_STATUSES } from '../subscriptions/store';
import { CLOSED_PASSWORD_HASH, tombstoneEmail } from './closed';
import { hashPassword, verifyPassword } from './passwords';

/** 403, not 401: the session is fine, only the password typed to confirm was wrong. */
async function requirePassword(db: Db, userId: string, password: string): Promise<void> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row || !(await verifyPassword(password, row.passwordHash))) {
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
 * Closes an account: refused (409) while the balance is negative, since the debt would have no
 * one to owe it, and while a subscription is still billing (Stripe would keep charging an account
 * nobody can sign in to). Releases every active hold (the app's too: no job may bill an account that is
 * gone), erases the email, makes the password unusable, drops the operator role and ends every session,
 * in one batch; ledger entries, lots and purchases stay (the books must balance). Then expires the
 * user's open Checkout Sessions (packs and plans), so nothing more can be paid.
 * Returns the ended sessions' token hashes.
 */
export async function deleteAccount(
  db: Db,
  onCommit: OnCommit,
  input: { userId: string; credits: number; password: string },
  stripe: Stripe,
): Promise<string[]> {
  await requirePassword(db, input.userId, input.password);
  if (input.credits < 0) {
    throw conflict(
      'negative_balance',
      'Your balance is below zero. Buy credits to bring it back to zero, then close the account.',
    );
  }
  const subscription = await currentSubscription(db, input.userId);
  if (subscription && (LIVE_STATUSES as readonly string[]).includes(subscription.status)) {
    throw conflict(
      'subscription_active',
      'You have an active subscription. Cancel it, and close the account once it has ended.',
    );
  }
  // Holds are released through the ledger, in the same batch as the close.
  const { results } = await releaseAllHolds(db, onCommit, input.userId, [
    sql`UPDATE users SET email = ${tombstoneEmail(input.userId)}, password_hash = ${CLOSED_PASSWORD_HASH},
        role = 'user' WHERE id = ${input.userId}`,
    sql`DELETE FROM sessions WHERE user_id = ${input.userId} RETURNING token_hash`,
  ]);
  // After the batch, so no checkout made meanwhile is missed by the "closed" check; a session
  // paid in the meantime is settled and, the account being closed, refunded.
  await expireOpenSessions(db, onCommit, stripe, input.userId);
  return ((results[1] ?? []) as { token_hash: string }[]).map((row) => row.token_hash);
}
