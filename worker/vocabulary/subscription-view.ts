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
  /**
   * The plan whose allowance this period holds (the newest granted invoice of this subscription), or
   * null before the first grant. After a switch it differs from `planId` until the next renewal.
   */
  allowancePlanId: string | null;
  /**
   * A switch that takes effect at the next renewal (`at` = the current period's end): `planId`'s
   * allowance arrives then; until then the user keeps `allowancePlanId`'s. Null when nothing changes.
   */
  pendingPlan: { planId: string; at: string | null } | null;
}
