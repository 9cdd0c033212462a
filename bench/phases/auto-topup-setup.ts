// Row 9's users, made through the app as a user would: sign up, buy the Starter pack (a real
// Checkout, its webhook delivered by us), save a card through the setup Checkout (`POST
// /api/auto-topup/card`, paid on the emulator, its `checkout.session.completed` delivered by us), then
// `PUT /api/auto-topup` on (or off) at a threshold just under the balance. Each user is the bench's
// own: no other row reads or spends from them.
import type { AppClient, User } from '../lib/app';
import { http, json, pool } from '../lib/http';
import { progress } from '../lib/stats';

/** Starter: 1,000 credits for $10.00 (worker/billing/packs.ts). */
export const STARTER = { credits: 1_000, cents: 1_000 };
/** The balance is STARTER.credits; a spend of SPEND takes it from just above THRESHOLD to just under. */
export const THRESHOLD = 990;
export const SPEND = 20;

export interface TopupUser {
  user: User;
  /** The user's one Stripe Customer (the setup session's `customer`). */
  customerId: string;
  /** The saved card (on the emulator). */
  paymentMethodId: string;
  /** "Off" users only: one more paid Starter checkout, its webhook held back for the round (a purchase push). */
  purchase?: { sessionId: string; payload: string };
}

/** `count` pairs: one user with auto top-up on, one identical user with it off. */
export async function prepareTopupPairs(
  app: AppClient,
  secretKey: string,
  count: number,
): Promise<{ on: TopupUser; off: TopupUser }[]> {
  const users = await pool(
    count * 2,
    4,
    (i) => prepareUser(app, secretKey, i % 2 === 0),
    progress('row 9: users with a saved card', 20, count * 2),
  );
  return Array.from({ length: count }, (_, i) => ({ on: users[2 * i]!, off: users[2 * i + 1]! }));
}

async function prepareUser(app: AppClient, secretKey: string, enabled: boolean): Promise<TopupUser> {
  const user = await app.signup();
  // The credits first (a purchase webhook, as every other row's), so the card's save finds them.
  const purchase = await app.paidCheckout(user);
  await deliverRecorded(app, purchase);
  const { sessionId } = await json<{ sessionId: string }>(
    `${app.origin}/api/auto-topup/card`,
    { method: 'POST', headers: { cookie: user.cookie, origin: app.origin }, body: '{}' },
    201,
  );
  const session = await json<{ customer: string }>(`${app.emulatorUrl}/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ card: '4242424242424242', deliverWebhooks: false }),
  });
  await deliverRecorded(app, sessionId);
  const cards = await json<{ data: { id: string }[] }>(
    `${app.emulatorUrl}/v1/customers/${session.customer}/payment_methods?type=card`,
    { headers: { authorization: `Bearer ${secretKey}` } },
  );
  const paymentMethodId = cards.data[0]?.id;
  if (!paymentMethodId) throw new Error(`row 9: no card saved for ${session.customer}`);
  const view = await json<{ card: unknown; enabled: boolean }>(`${app.origin}/api/auto-topup`, {
    method: 'PUT',
    headers: { cookie: user.cookie, origin: app.origin },
    body: JSON.stringify({ enabled, thresholdCredits: THRESHOLD, packId: 'starter', monthlyLimitCents: 5_000 }),
  });
  if (!view.card || view.enabled !== enabled) throw new Error(`row 9: settings not saved: ${JSON.stringify(view)}`);
  if (enabled) return { user, customerId: session.customer, paymentMethodId };
  const spare = await app.paidCheckout(user);
  return {
    user,
    customerId: session.customer,
    paymentMethodId,
    purchase: { sessionId: spare, payload: await recorded(app, spare) },
  };
}

/** Delivers, signed, the emulator's recorded `checkout.session.completed` of one session. */
async function deliverRecorded(app: AppClient, sessionId: string): Promise<void> {
  const res = await app.deliver(await recorded(app, sessionId));
  if (res.status !== 200) throw new Error(`row 9: webhook for ${sessionId} -> ${res.status} ${res.body}`);
}

/** The emulator's recorded `checkout.session.completed` of one session, serialised as Stripe sends it. */
async function recorded(app: AppClient, sessionId: string): Promise<string> {
  const { events } = await json<{ events: { data: { object: { id: string } } }[] }>(
    `${app.emulatorUrl}/_emulator/events?type=checkout.session.completed`,
  );
  const event = events.find((e) => e.data.object.id === sessionId);
  if (!event) throw new Error(`row 9: no checkout.session.completed recorded for ${sessionId}`);
  return JSON.stringify(event);
}

/**
 * One off-session PaymentIntent straight to the emulator from the bench client, as the room sends it
 * (confirm, off_session, the saved card): the emulator's share of the top-up's path, timed alone.
 * Sent on the "off" user's Customer, whose PaymentIntents nothing checks and the Worker never hears of
 * (the emulator's webhooks are off in this bench).
 */
export function directIntent(app: AppClient, secretKey: string, who: TopupUser, key: string) {
  const body = new URLSearchParams({
    amount: String(STARTER.cents),
    currency: 'usd',
    customer: who.customerId,
    payment_method: who.paymentMethodId,
    off_session: 'true',
    confirm: 'true',
  });
  return http(`${app.emulatorUrl}/v1/payment_intents`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${secretKey}`,
      'content-type': 'application/x-www-form-urlencoded',
      'idempotency-key': key,
    },
    body: body.toString(),
  });
}

/** The PaymentIntents the emulator made per Customer (every `payment_intent.*` event it recorded). */
export async function intentsByCustomer(app: AppClient): Promise<Map<string, Set<string>>> {
  const byCustomer = new Map<string, Set<string>>();
  for (const type of ['payment_intent.succeeded', 'payment_intent.payment_failed']) {
    const { events } = await json<{ events: { data: { object: { id: string; customer: string | null } } }[] }>(
      `${app.emulatorUrl}/_emulator/events?type=${type}`,
    );
    for (const e of events) {
      const { id, customer } = e.data.object;
      if (customer) byCustomer.set(customer, (byCustomer.get(customer) ?? new Set()).add(id));
    }
  }
  return byCustomer;
}
