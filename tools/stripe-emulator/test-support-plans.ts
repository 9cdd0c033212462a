// Shared by the emulator's subscription tests: the Worker's plan products and Checkout parameters, and
// a customer subscribed through Checkout (test-support.ts has the emulator, SDK and receiver).
import type Stripe from 'stripe';
import type { TestEmulator } from './test-support';

/** The plan products the Worker makes (`cc_plan_<planId>`), created once per emulator. */
export async function ensurePlanProduct(stripe: Stripe, planId: string, name = planId): Promise<string> {
  const id = `cc_plan_${planId}`;
  try {
    await stripe.products.create({ id, name, metadata: { planId } });
  } catch (error) {
    if ((error as { code?: string }).code !== 'resource_already_exists') throw error;
  }
  return id;
}

/** The parameters the Worker sends for a monthly plan in subscription mode. */
export function planSessionParams(
  customer: string,
  product: string,
  unitAmount: number,
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'subscription',
    customer,
    line_items: [
      {
        price_data: { currency: 'usd', product, unit_amount: unitAmount, recurring: { interval: 'month' } },
        quantity: 1,
      },
    ],
    success_url: 'http://127.0.0.1:8787/en/payment/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://127.0.0.1:8787/en/plans',
    client_reference_id: 'user_42',
    metadata: { userId: 'user_42', planId: product.replace('cc_plan_', '') },
    subscription_data: { metadata: { userId: 'user_42', planId: product.replace('cc_plan_', '') } },
    ...overrides,
  };
}

/** Subscribes a new customer (optionally on a test clock) to `planId` through Checkout paid with `card`. */
export async function subscribe(
  t: TestEmulator,
  options: {
    planId?: string;
    amount?: number;
    card?: string;
    testClock?: string;
    email?: string;
    deliverWebhooks?: boolean;
  } = {},
): Promise<{ customer: Stripe.Customer; session: Stripe.Checkout.Session; subscription: Stripe.Subscription }> {
  const product = await ensurePlanProduct(t.stripe, options.planId ?? 'pro', 'Pro');
  const customer = await t.stripe.customers.create({
    email: options.email ?? 'ada@example.com',
    metadata: { userId: 'user_42' },
    ...(options.testClock ? { test_clock: options.testClock } : {}),
  });
  const created = await t.stripe.checkout.sessions.create(
    planSessionParams(customer.id, product, options.amount ?? 2900),
  );
  const paid = await t.control<Stripe.Checkout.Session>('POST', `/checkout/sessions/${created.id}/pay`, {
    card: options.card ?? '4242424242424242',
    ...(options.deliverWebhooks === false ? { deliverWebhooks: false } : {}),
  });
  if (paid.status !== 200) throw new Error(`pay failed: ${JSON.stringify(paid.body)}`);
  const session = await t.stripe.checkout.sessions.retrieve(created.id);
  const subscription = await t.stripe.subscriptions.retrieve(session.subscription as string);
  return { customer, session, subscription };
}
