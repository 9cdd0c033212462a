// Helpers for the one-subscription and closed-account tests: a plan session made at Stripe the
// way a request racing the app's own guard would make it, deliveries in a chosen order, the
// cron, and what Stripe says about a customer's subscriptions and refunds.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { RECONCILE_CRON } from '../../worker/cron';
import { forgetProcessedEvents } from '../../worker/stripe/event-memo';
import { ensurePlanProduct } from '../../worker/subscriptions/checkout';
import { findPlan } from '../../worker/subscriptions/plans';
import { api, runScheduled } from '../helpers';
import { eventsFor, stripe } from './emulator-support';
import { deliverOk } from './support';

/** A plan session for the user's Customer with the app's own parameters, but no guard ran for it. */
export async function planSessionAtStripe(userId: string, customer: string, planId = 'pro') {
  const plan = findPlan(planId)!;
  const product = await ensurePlanProduct(stripe(), plan);
  const metadata = { userId, planId };
  return stripe().checkout.sessions.create({
    mode: 'subscription',
    customer,
    client_reference_id: userId,
    line_items: [
      {
        quantity: 1,
        price_data: { currency: plan.currency, unit_amount: plan.amount, product, recurring: { interval: 'month' } },
      },
    ],
    metadata,
    subscription_data: { metadata },
    success_url: `${env.APP_ORIGIN}/en/payment/success?session_id={CHECKOUT_SESSION_ID}`,
  });
}

/** Every event twice, each answered with Stripe calls of its own: seconds, more on a busy machine. */
export const EMULATOR_HEAVY_MS = 30_000;

export type Order = 'in order, twice, racing the status call and the cron' | 'reversed, twice, one at a time';
export const ORDERS: Order[] = [
  'in order, twice, racing the status call and the cron',
  'reversed, twice, one at a time',
];

export async function runCron() {
  await runScheduled(RECONCILE_CRON);
}

/**
 * Delivers every event Stripe recorded for the customer so far, in the given order (each twice, the
 * per-isolate memo forgotten so D1's keys decide), plus `extra` racing them; returns their ids.
 */
export async function deliverAll(customer: string, order: Order, extra: () => Promise<unknown>[] = () => []) {
  const events = await eventsFor(customer);
  forgetProcessedEvents();
  if (order === 'reversed, twice, one at a time') {
    for (const e of [...events].reverse()) {
      await deliverOk(e);
      forgetProcessedEvents();
      await deliverOk(e);
    }
  } else {
    await Promise.all([...events.map((e) => deliverOk(e)), ...events.map((e) => deliverOk(e)), ...extra()]);
  }
  return new Set(events.map((e) => e.id));
}

/** Stripe's view: each subscription of the customer with its status and its refunded amount. */
export async function atStripe(customer: string) {
  const s = stripe();
  const subs = await s.subscriptions.list({ customer, status: 'all', limit: 100 });
  const out: { id: string; status: string; created: number; paid: number; refunded: number }[] = [];
  for (const sub of subs.data) {
    let paid = 0;
    let refunded = 0;
    for (const invoice of (await s.invoices.list({ subscription: sub.id, status: 'paid' })).data) {
      for (const payment of (await s.invoicePayments.list({ invoice: invoice.id })).data) {
        const intent = await s.paymentIntents.retrieve(payment.payment.payment_intent as string);
        const charge = await s.charges.retrieve(intent.latest_charge as string);
        paid += charge.amount;
        refunded += charge.amount_refunded;
      }
    }
    out.push({ id: sub.id, status: sub.status, created: sub.created, paid, refunded });
  }
  return out.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
}

/** The pack payment's charge, as Stripe holds it. */
export async function chargeOfSession(sessionId: string) {
  const session = await stripe().checkout.sessions.retrieve(sessionId);
  const intent = await stripe().paymentIntents.retrieve(session.payment_intent as string);
  return stripe().charges.retrieve(intent.latest_charge as string);
}

export const checkoutStatus = async (cookie: string, sessionId: string) => {
  const res = await api(`/api/checkout/${sessionId}`, { cookie });
  expect(res.status).toBe(200);
  return res.json();
};

export async function subscriptionAnswer(cookie: string) {
  const res = await api('/api/subscription', { cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as { subscription: Record<string, unknown> | null; notice: Record<string, unknown> | null };
}

/** Our rows: no closed user and no user may keep more than one live subscription. */
export async function liveRows(userId: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, status, voided_reason FROM subscriptions WHERE user_id = ?
     AND status IN ('active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete')`,
  )
    .bind(userId)
    .all<{ id: string; status: string; voided_reason: string | null }>();
  return results;
}
