// A subscription's phase (none, active, ending, past_due, pending, paused) and what it allows: small and pure,
// because the header's past-due check on every signed-in page needs it and nothing else of the plans UI.
import { isSubscriptionStatus, type SubscriptionStatus } from '../../../../worker/vocabulary/subscriptions';

/** The fields of `GET /api/subscription`'s `subscription` this module reads. */
export interface SubscriptionLike {
  planId: string;
  status: string;
  currentPeriodEnd: string | number | null;
  cancelAtPeriodEnd: boolean;
  /** The plan whose allowance the period holds, and a switch due at renewal (GET /api/subscription). */
  allowancePlanId?: string | null;
  pendingPlan?: { planId: string; at: string | null } | null;
}

/**
 * How the page treats a subscription. `none`: no plan (never subscribed, canceled, or a Checkout that
 * never got paid): the plans offer Subscribe. Every other phase offers the billing portal instead.
 */
export type SubscriptionPhase = 'none' | 'active' | 'ending' | 'past_due' | 'pending' | 'paused';

/** Each Stripe status's phase (`active` becomes `ending` when it cancels at the period end). */
const PHASE_OF: Record<SubscriptionStatus, SubscriptionPhase> = {
  active: 'active',
  trialing: 'active',
  // `unpaid` is where Stripe can leave a subscription after its retries fail: the portal fixes both.
  past_due: 'past_due',
  unpaid: 'past_due',
  incomplete: 'pending',
  paused: 'paused',
  canceled: 'none',
  incomplete_expired: 'none',
};

export function subscriptionPhase(
  sub: Pick<SubscriptionLike, 'status' | 'cancelAtPeriodEnd'> | null,
): SubscriptionPhase {
  // A status newer than this code: nothing to manage.
  if (!sub || !isSubscriptionStatus(sub.status)) return 'none';
  const phase = PHASE_OF[sub.status];
  return phase === 'active' && sub.cancelAtPeriodEnd ? 'ending' : phase;
}

export const canSubscribe = (sub: SubscriptionLike | null) => subscriptionPhase(sub) === 'none';

export const showsPastDueBanner = (sub: SubscriptionLike | null) => subscriptionPhase(sub) === 'past_due';
