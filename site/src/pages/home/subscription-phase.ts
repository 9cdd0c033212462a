// A subscription's phase (none, active, ending, past_due, pending, paused) and what it allows: small and pure,
// because the header's past-due check on every signed-in page needs it and nothing else of the plans UI.
import type { SubscriptionLike } from './subscription-view';

/**
 * How the page treats a subscription. `none`: no plan (never subscribed, canceled, or a Checkout that
 * never got paid): the plans offer Subscribe. Every other phase offers the billing portal instead.
 */
export type SubscriptionPhase = 'none' | 'active' | 'ending' | 'past_due' | 'pending' | 'paused';

export function subscriptionPhase(
  sub: Pick<SubscriptionLike, 'status' | 'cancelAtPeriodEnd'> | null,
): SubscriptionPhase {
  if (!sub) return 'none';
  switch (sub.status) {
    case 'active':
    case 'trialing':
      return sub.cancelAtPeriodEnd ? 'ending' : 'active';
    // `unpaid` is where Stripe can leave a subscription after its retries fail: the portal fixes both.
    case 'past_due':
    case 'unpaid':
      return 'past_due';
    case 'incomplete':
      return 'pending';
    case 'paused':
      return 'paused';
    default:
      // canceled, incomplete_expired, or a status newer than this code: nothing to manage.
      return 'none';
  }
}

export const canSubscribe = (sub: SubscriptionLike | null) => subscriptionPhase(sub) === 'none';

export const showsPastDueBanner = (sub: SubscriptionLike | null) => subscriptionPhase(sub) === 'past_due';
