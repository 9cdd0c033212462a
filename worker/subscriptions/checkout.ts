// Subscribing: a Checkout Session in `subscription` mode for the user's one Customer, priced with
// recurring `price_data` on the plan's own Product (`cc_plan_<id>`, made on first need), and the
// billing portal for managing it. Owns no table: its session rows (mode `subscription`) are recorded
// in checkout_sessions by billing's openCheckout, beside the packs'.
import { sql } from 'drizzle-orm';
import { ensureCustomer, storedCustomerId } from '../accounts/customers';
import { type CheckoutRequest, openCheckout } from '../billing/checkout';
import type { Db } from '../db/client';
import { badRequest, conflict, notFound } from '../errors';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { LIVE_SUBSCRIPTION_STATUSES } from '../vocabulary/subscriptions';
import { findPlan, type Plan, planProductId } from './plans';
import { expireCheckoutSession } from './session-expiry';

/** Products known to exist, per isolate: one create (or "already exists") per plan and isolate. */
const knownProducts = new Set<string>();

export async function ensurePlanProduct(stripe: StripeClient, plan: Plan): Promise<string> {
  const id = planProductId(plan);
  if (knownProducts.has(id)) return id;
  try {
    await stripe.products.create({ id, name: `Creditcast ${plan.name}`, metadata: { planId: plan.id } });
  } catch (err) {
    // Made by an earlier isolate (or deploy): exactly what we wanted.
    if ((err as { code?: unknown })?.code !== 'resource_already_exists') throw err;
  }
  knownProducts.add(id);
  return id;
}

export interface CreateSubscriptionCheckoutInput extends CheckoutRequest {
  planId: string;
}

export async function createSubscriptionCheckout(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  input: CreateSubscriptionCheckoutInput,
): Promise<{ sessionId: string; url: string }> {
  const plan = findPlan(input.planId);
  if (!plan) throw badRequest('unknown_plan', `There is no plan "${input.planId}".`);
  const live = sql.join(
    LIVE_SUBSCRIPTION_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const [existing] = await db.all<{ id: string }>(
    sql`SELECT id FROM subscriptions WHERE user_id = ${input.user.id} AND status IN (${live}) LIMIT 1`,
  );
  if (existing) throw alreadySubscribed();
  const [customer, product] = await Promise.all([
    ensureCustomer(db, stripe.customers, input.user),
    ensurePlanProduct(stripe, plan),
  ]);
  const metadata = { userId: input.user.id, planId: plan.id };
  // Credited by its first invoice's grant: the row's credits are the plan's monthly allowance.
  const link = await openCheckout(
    db,
    stripe,
    input,
    {
      mode: 'subscription',
      customer,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: plan.currency,
            unit_amount: plan.amount,
            product,
            recurring: { interval: plan.interval },
          },
        },
      ],
      metadata,
      subscription_data: { metadata },
    },
    { packId: plan.id, credits: plan.monthlyCredits, amount: plan.amount, currency: plan.currency },
  );
  await expireOlderPlanSessions(db, onCommit, stripe, input.user.id, link.sessionId);
  return link;
}

/**
 * One open plan session per user, so two can never both be paid: a new one expires the user's
 * older open ones rather than being refused, because the usual older one is a tab the user closed
 * and "try again" should just work. "Older" is insertion order (rowid): two racing creates each
 * expire only what came before them, so the newest survives, never neither. If an older one was
 * paid meanwhile, the user has a subscription: the new session is expired and the answer is 409.
 * (A second subscription that still slips through is cancelled and refunded by guard.ts.)
 */
async function expireOlderPlanSessions(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  userId: string,
  sessionId: string,
) {
  const older = await db.all<{ id: string }>(
    sql`SELECT id FROM checkout_sessions WHERE user_id = ${userId} AND mode = 'subscription' AND status = 'open'
          AND rowid < (SELECT rowid FROM checkout_sessions WHERE id = ${sessionId})`,
  );
  for (const { id } of older) {
    const result = await expireCheckoutSession(db, onCommit, stripe, id);
    if (result.outcome === 'not_open' && result.status === 'complete') {
      await expireCheckoutSession(db, onCommit, stripe, sessionId);
      throw alreadySubscribed();
    }
  }
}

const alreadySubscribed = () =>
  conflict('already_subscribed', 'You already have a subscription: change or cancel it in the billing portal.');

/** A Billing Portal session for the user's Customer, returning to the app. */
export async function createPortalSession(
  db: Db,
  stripe: StripeClient,
  userId: string,
  returnUrl: string,
): Promise<{ url: string }> {
  const customer = await storedCustomerId(db, userId);
  if (!customer)
    throw notFound('no_customer', 'There is nothing to manage yet: subscribe to a plan or buy a pack first.');
  const portal = await stripe.billingPortal.sessions.create({ customer, return_url: returnUrl });
  return { url: portal.url };
}
