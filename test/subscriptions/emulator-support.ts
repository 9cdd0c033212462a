// Driving the real Stripe emulator for the subscription tests: the Worker's own SDK client, the
// events the emulator recorded for one customer (delivered by the test, signed, as Stripe would),
// test clocks, and subscribing through the real routes and the emulator's pay control.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { stripeClient } from '../../worker/stripe/client';
import { type Account, api, signUp } from '../helpers';
import { emulator } from '../stripe-helpers';
import { deliverOk } from './support';

export const stripe = () => stripeClient(env);
export const DAY_S = 24 * 60 * 60;

interface RecordedEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> & { id: string } };
}

/** Every event the emulator recorded about this customer (its sessions, subscriptions, invoices, payments, charges). */
export async function eventsFor(customer: string): Promise<RecordedEvent[]> {
  const { events } = (await (await emulator('/_emulator/events')).json()) as { events: RecordedEvent[] };
  const oldestFirst = [...events].reverse();
  const invoices = new Set<string>();
  const intents = new Set<string>();
  for (const e of oldestFirst) {
    if (e.data.object.customer === customer && e.data.object.object === 'invoice') invoices.add(e.data.object.id);
  }
  for (const e of oldestFirst) {
    const o = e.data.object as { object?: string; invoice?: string; payment?: { payment_intent?: string } };
    if (o.object === 'invoice_payment' && o.invoice && invoices.has(o.invoice) && o.payment?.payment_intent) {
      intents.add(o.payment.payment_intent);
    }
  }
  return oldestFirst.filter((e) => {
    const o = e.data.object as { customer?: unknown; invoice?: unknown; payment_intent?: unknown };
    return (
      o.customer === customer ||
      (typeof o.invoice === 'string' && invoices.has(o.invoice) && e.data.object.object === 'invoice_payment') ||
      (typeof o.payment_intent === 'string' && intents.has(o.payment_intent))
    );
  });
}

/** Delivers the customer's events not delivered yet (per `seen`), in Stripe's order; returns them. */
export async function deliverNew(customer: string, seen: Set<string>): Promise<RecordedEvent[]> {
  const fresh = (await eventsFor(customer)).filter((e) => !seen.has(e.id));
  for (const e of fresh) {
    seen.add(e.id);
    await deliverOk(e);
  }
  return fresh;
}

export async function startSubscription(user: Account, planId = 'pro') {
  const res = await api('/api/subscriptions/checkout', { method: 'POST', cookie: user.cookie, body: { planId } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { sessionId: string; url: string };
}

export async function pay(sessionId: string, body: Record<string, unknown> = {}) {
  const res = await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

export async function customerOf(userId: string): Promise<string> {
  const row = await env.DB.prepare('SELECT stripe_customer_id FROM users WHERE id = ?')
    .bind(userId)
    .first<string | null>('stripe_customer_id');
  if (!row) throw new Error(`user ${userId} has no customer`);
  return row;
}

/**
 * Stripe's test clock API, asked of the emulator directly: the Worker's client has no test helpers
 * (worker/stripe/resources.ts), and the form body is what the SDK would send.
 */
async function testClock(path: string, frozenTime?: number): Promise<{ id: string; status: string }> {
  const init: RequestInit =
    frozenTime === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ frozen_time: String(frozenTime) }),
        };
  const res = await emulator(`/v1/test_helpers/test_clocks${path}`, init);
  if (!res.ok) throw new Error(`test clock ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; status: string };
}

/** A user whose Customer follows a new test clock frozen at `frozenTime`, stored as the app would. */
export async function clockedUser(frozenTime = Math.floor(Date.now() / 1000)) {
  const s = stripe();
  const clock = await testClock('', frozenTime);
  const user = await signUp();
  const customer = await s.customers.create({ email: user.email, metadata: { userId: user.id }, test_clock: clock.id });
  await env.DB.prepare('UPDATE users SET stripe_customer_id = ? WHERE id = ?').bind(customer.id, user.id).run();
  return { user, customer: customer.id, clock: clock.id, frozenTime };
}

/** Advances the clock and waits until Stripe (the emulator) has finished renewing. */
export async function advance(clock: string, frozenTime: number) {
  await testClock(`/${clock}/advance`, frozenTime);
  const deadline = Date.now() + 5_000;
  while ((await testClock(`/${clock}`)).status !== 'ready') {
    if (Date.now() > deadline) throw new Error(`clock ${clock} still advancing`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A clocked user subscribed to `planId` with every event delivered; returns the subscription id. */
export async function subscribedOnClock(planId = 'pro', card?: string) {
  const c = await clockedUser();
  const seen = new Set<string>();
  const { sessionId } = await startSubscription(c.user, planId);
  await pay(sessionId, { deliverWebhooks: false, ...(card ? { card } : {}) });
  await deliverNew(c.customer, seen);
  const session = await stripe().checkout.sessions.retrieve(sessionId);
  return { ...c, seen, sessionId, subscriptionId: session.subscription as string };
}
