// Stripe's subscription statuses, defined once: the Worker's store ranks them, the site's plans UI
// maps them to phases and the emulator's list filter accepts them. Pure data.
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
  'canceled',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Still billing (or trying to): a second subscription would charge the user twice. */
export const LIVE_SUBSCRIPTION_STATUSES = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'paused',
  'incomplete',
] as const satisfies readonly SubscriptionStatus[];

export function isSubscriptionStatus(value: string): value is SubscriptionStatus {
  return (SUBSCRIPTION_STATUSES as readonly string[]).includes(value);
}

/**
 * Paid for, or being billed: what "one subscription per user" counts (subscriptions/guard.ts). Not
 * `incomplete`: its first payment never went through, and keeping it over a paid one would refund
 * the wrong one.
 */
export const BILLING_SUBSCRIPTION_STATUSES = LIVE_SUBSCRIPTION_STATUSES.filter((s) => s !== 'incomplete');
