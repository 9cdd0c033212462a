// Closing an account, across the capabilities it touches: refused while the balance is negative or
// a subscription still bills; then accounts/ closes it (sessions, email, holds: one batch) and
// billing/ expires the user's open Checkout Sessions. Above accounts, billing and subscriptions, so
// each keeps its own rules and none imports another upward (docs/architecture.md).
import { closeAccount, requirePassword } from '../accounts/account-changes';
import type { Db } from '../db/client';
import { conflict } from '../errors';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { expireOpenSessions } from '../subscriptions/session-expiry';
import { currentSubscription } from '../subscriptions/store';
import { LIVE_SUBSCRIPTION_STATUSES } from '../vocabulary/subscriptions';
import { cancelPlanNow } from './plan-cancel';

/**
 * Closes an account: refused (409) while the balance is negative, since the debt would have no
 * one to owe it, and while a subscription is still billing (Stripe would keep charging an account
 * nobody can sign in to). Releases every active hold (the app's too: no job may bill an account that is
 * gone), erases the email, makes the password unusable, drops the operator role and ends every session,
 * in one batch; ledger entries, lots and purchases stay (the books must balance). Then expires the
 * user's open Checkout Sessions (packs and plans), so nothing more can be paid. With `cancelPlan`
 * (the account page's "cancel the plan now and close", after it stated the credits that will be lost),
 * a billing subscription is cancelled at Stripe first instead of refusing.
 * Returns the ended sessions' token hashes.
 */
export async function deleteAccount(
  db: Db,
  onCommit: OnCommit,
  input: { userId: string; credits: number; password: string; cancelPlan?: boolean },
  stripe: StripeClient,
): Promise<string[]> {
  await requirePassword(db, input.userId, input.password);
  if (input.credits < 0) {
    throw conflict(
      'negative_balance',
      'Your balance is below zero. Buy credits to bring it back to zero, then close the account.',
    );
  }
  const subscription = await currentSubscription(db, input.userId);
  if (subscription && (LIVE_SUBSCRIPTION_STATUSES as readonly string[]).includes(subscription.status)) {
    // A Stripe failure here is an error answer with nothing closed: the user can try again.
    if (input.cancelPlan) {
      const { status } = await cancelPlanNow(db, stripe, subscription.id);
      if (!(LIVE_SUBSCRIPTION_STATUSES as readonly string[]).includes(status))
        return close(db, onCommit, stripe, input.userId);
    }
    throw conflict(
      'subscription_active',
      'You have an active subscription. Cancel it, and close the account once it has ended.',
    );
  }
  return close(db, onCommit, stripe, input.userId);
}

async function close(db: Db, onCommit: OnCommit, stripe: StripeClient, userId: string): Promise<string[]> {
  const ended = await closeAccount(db, onCommit, userId);
  // After the batch, so no checkout made meanwhile is missed by the "closed" check; a session
  // paid in the meantime is settled and, the account being closed, refunded.
  await expireOpenSessions(db, onCommit, stripe, userId);
  return ended;
}
