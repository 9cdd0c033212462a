// Subscription plans: the monthly allowances and prices live here, on the server, never in a
// request. Stripe knows each plan as the Product `cc_plan_<id>` (made on first need, see
// checkout.ts), charged with recurring `price_data`, so no dashboard set-up is needed.

export interface Plan {
  id: string;
  name: string;
  /** Credits granted at each paid period, as a `subscription` lot expiring at the period's end. */
  monthlyCredits: number;
  /** In the currency's smallest unit (cents), per month. */
  amount: number;
  currency: string;
  interval: 'month';
  /** The most unused allowance carried into the next period (0: the allowance resets). */
  rollover: number;
}

export const PLANS: readonly Plan[] = [
  { id: 'pro', name: 'Pro', monthlyCredits: 7_700, amount: 2_900, currency: 'usd', interval: 'month', rollover: 0 },
  {
    id: 'studio',
    name: 'Max',
    monthlyCredits: 20_000,
    amount: 6_900,
    currency: 'usd',
    interval: 'month',
    rollover: 10_000,
  },
];

export function findPlan(id: string | null | undefined): Plan | undefined {
  return PLANS.find((p) => p.id === id);
}

const PRODUCT_PREFIX = 'cc_plan_';

/** The Stripe Product id of a plan. */
export const planProductId = (plan: Pick<Plan, 'id'>) => `${PRODUCT_PREFIX}${plan.id}`;

/** The plan a Stripe Product id stands for, if it is one of ours. */
export function planOfProduct(product: string | { id: string } | null | undefined): Plan | undefined {
  const id = typeof product === 'string' ? product : product?.id;
  return id?.startsWith(PRODUCT_PREFIX) ? findPlan(id.slice(PRODUCT_PREFIX.length)) : undefined;
}

/** What the public API (and the site, through the RPC types) sees of a plan. */
export type PublicPlan = Pick<Plan, 'id' | 'name' | 'monthlyCredits' | 'amount' | 'currency' | 'interval' | 'rollover'>;

export function publicPlan({ id, name, monthlyCredits, amount, currency, interval, rollover }: Plan): PublicPlan {
  return { id, name, monthlyCredits, amount, currency, interval, rollover };
}
