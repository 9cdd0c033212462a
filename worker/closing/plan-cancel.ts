// "Cancel the plan now and close": ends the user's billing subscription at Stripe at once (no refund:
// the user chose to give up the rest of the period) and records what Stripe answered.
import type { Db } from '../db/client';
import type { StripeClient } from '../stripe/client';
import { type CancelNowResult, cancelSubscriptionNow } from '../subscriptions/cancel-now';

export type PlanCancelResult = CancelNowResult;

/**
 * Cancels now rather than at the period's end: an account being closed must not be billed again, and
 * nobody could sign in to see the rest of the period. Recorded from Stripe's answer (a retrieve if it
 * was already canceled by a racing portal click), so the close that follows sees it as ended; the
 * `customer.subscription.deleted` webhook that follows records the same state again.
 */
export async function cancelPlanNow(
  db: Db,
  stripe: StripeClient,
  subscriptionId: string,
  now = Date.now(),
): Promise<PlanCancelResult> {
  const result = await cancelSubscriptionNow(db, stripe, subscriptionId, now);
  console.log(JSON.stringify({ msg: 'plan_canceled_to_close', subscriptionId, ...result }));
  return result;
}
