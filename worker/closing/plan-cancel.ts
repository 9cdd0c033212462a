// "Cancel the plan now and close": ends the user's billing subscription at Stripe at once (no refund:
// the user chose to give up the rest of the period) and records what Stripe answered.
import type { Db } from '../db/client';
import type { Stripe, StripeClient } from '../stripe/client';
import { ignoreSubscriptionChanges, recordSubscription, type SubscriptionSnapshot } from '../subscriptions/store';

export type PlanCancelResult = { outcome: 'canceled' | 'already_canceled'; status: string };

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
  let sub: Stripe.Subscription;
  let outcome: PlanCancelResult['outcome'] = 'canceled';
  try {
    sub = await stripe.subscriptions.cancel(subscriptionId);
  } catch (err) {
    if ((err as { type?: unknown })?.type !== 'StripeInvalidRequestError') throw err;
    sub = await stripe.subscriptions.retrieve(subscriptionId);
    outcome = 'already_canceled';
  }
  await recordSubscription(
    db,
    ignoreSubscriptionChanges,
    sub as unknown as SubscriptionSnapshot,
    Math.floor(now / 1000),
    undefined,
    now,
  );
  console.log(JSON.stringify({ msg: 'plan_canceled_to_close', subscriptionId, outcome, status: sub.status }));
  return { outcome, status: sub.status };
}
