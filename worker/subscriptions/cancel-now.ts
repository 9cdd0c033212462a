// Ending a subscription at Stripe at once, and recording what Stripe answers: the guard's voiding
// (guard.ts) and closing an account (closing/plan-cancel.ts) share it, and the guard records Stripe's
// answers the same way when it asks Stripe directly. Nobody is told live: the subscription a page
// shows is read again (the guard's kept one), or there is no page left (an account being closed).
import type { Db } from '../db/client';
import type { Stripe, StripeClient } from '../stripe/client';
import { ignoreSubscriptionChanges, recordSubscription, type SubscriptionSnapshot } from './store';

export type CancelNowResult = { outcome: 'canceled' | 'already_canceled'; status: string };

/** Records a subscription as Stripe answered just now (no event: `now` orders it), telling nobody. */
export const recordStripeAnswer = (db: Db, sub: Stripe.Subscription, now: number) =>
  recordSubscription(
    db,
    ignoreSubscriptionChanges,
    sub as unknown as SubscriptionSnapshot,
    Math.floor(now / 1000),
    undefined,
    now,
  );

/**
 * Cancels now (no refund here) and records Stripe's answer. Canceled already (by a racing handler,
 * or the user in the portal) is no failure: what it is now is read and recorded instead.
 */
export async function cancelSubscriptionNow(
  db: Db,
  stripe: StripeClient,
  subscriptionId: string,
  now: number,
): Promise<CancelNowResult> {
  let sub: Stripe.Subscription;
  let outcome: CancelNowResult['outcome'] = 'canceled';
  try {
    sub = await stripe.subscriptions.cancel(subscriptionId);
  } catch (err) {
    if ((err as { type?: unknown })?.type !== 'StripeInvalidRequestError') throw err;
    sub = await stripe.subscriptions.retrieve(subscriptionId);
    outcome = 'already_canceled';
  }
  await recordStripeAnswer(db, sub, now);
  return { outcome, status: sub.status };
}
