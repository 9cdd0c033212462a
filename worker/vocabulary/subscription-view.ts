// A user's subscription as the API (`GET /api/subscription`) and the live socket show it. No imports:
// the wire protocol and the browser client read it too.

export interface SubscriptionView {
  id: string;
  planId: string;
  /** Stripe's status: `active`, `past_due`, `canceled`, … */
  status: string;
  /** ISO-8601, or null if Stripe gave no period. */
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
}
