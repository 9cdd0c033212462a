// Subscription objects shaped like Stripe's (API 2026-10-28, tools/stripe-emulator/fixtures): the
// invoice names its subscription under `parent.subscription_details` and its plan and service
// period on its line item; the subscription its period on `items.data[0]`. The top-level
// `invoice.subscription` the fixture still lists is set to a decoy, so a Worker reading it fails.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { findPlan } from '../../worker/subscriptions/plans';
import { type Account, signUp } from '../helpers';
import { deliver, event } from '../stripe-helpers';

export const DAY_S = 24 * 60 * 60;
/** A period, in seconds (Stripe's unit); months differ in length, the Worker reads the line's period. */
export const PERIOD_S = 30 * DAY_S;

let seq = 0;
export const stripeId = (prefix: string) => `${prefix}_t${Date.now().toString(36)}${(++seq).toString(36)}`;

export interface Subscriber {
  user: Account;
  customer: string;
  subscriptionId: string;
  planId: string;
  /** Start of the first period, seconds. */
  start: number;
}

/** A signed-up user whose Stripe Customer is stored (a plain column: not a balance). */
export async function subscriber(planId = 'pro', start = Math.floor(Date.now() / 1000) - DAY_S): Promise<Subscriber> {
  const user = await signUp();
  const customer = stripeId('cus');
  await env.DB.prepare('UPDATE users SET stripe_customer_id = ? WHERE id = ?').bind(customer, user.id).run();
  return { user, customer, subscriptionId: stripeId('sub'), planId, start };
}

/** Period n (1-based) of the subscriber, in seconds. */
export const period = (s: Subscriber, n: number) => ({
  start: s.start + (n - 1) * PERIOD_S,
  end: s.start + n * PERIOD_S,
});

export interface InvoiceOptions {
  id?: string;
  n?: number;
  planId?: string;
  reason?: 'subscription_create' | 'subscription_cycle' | 'subscription_update';
  status?: 'paid' | 'open';
  amountPaid?: number;
}

export function invoiceObject(s: Subscriber, o: InvoiceOptions = {}) {
  const n = o.n ?? 1;
  const plan = findPlan(o.planId ?? s.planId)!;
  const p = period(s, n);
  const id = o.id ?? `in_${s.subscriptionId}_${n}`;
  const status = o.status ?? 'paid';
  const amountPaid = o.amountPaid ?? (status === 'paid' ? plan.amount : 0);
  return {
    id,
    object: 'invoice',
    customer: s.customer,
    status,
    billing_reason: o.reason ?? (n === 1 ? 'subscription_create' : 'subscription_cycle'),
    amount_due: plan.amount,
    amount_paid: amountPaid,
    amount_remaining: plan.amount - amountPaid,
    currency: plan.currency,
    // For a renewal Stripe's invoice period is the period that just ended: never the grant's period.
    period_start: n === 1 ? p.start : p.start - PERIOD_S,
    period_end: n === 1 ? p.start : p.start,
    subscription: 'sub_decoy_never_read',
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { subscription: s.subscriptionId, metadata: { userId: s.user.id, planId: s.planId } },
    },
    lines: {
      object: 'list',
      has_more: false,
      data: [
        {
          id: `il_${id}`,
          object: 'line_item',
          amount: plan.amount,
          currency: plan.currency,
          period: p,
          pricing: {
            type: 'price_details',
            price_details: { price: `price_${plan.id}`, product: `cc_plan_${plan.id}` },
            unit_amount_decimal: String(plan.amount),
          },
          quantity: 1,
        },
      ],
    },
    livemode: false,
    test_clock: null,
  };
}

export interface SubscriptionOptions {
  n?: number;
  status?: string;
  planId?: string;
  cancelAtPeriodEnd?: boolean;
}

export function subscriptionObject(s: Subscriber, o: SubscriptionOptions = {}) {
  const p = period(s, o.n ?? 1);
  const plan = findPlan(o.planId ?? s.planId)!;
  return {
    id: s.subscriptionId,
    object: 'subscription',
    customer: s.customer,
    status: o.status ?? 'active',
    cancel_at_period_end: o.cancelAtPeriodEnd ?? false,
    metadata: { userId: s.user.id, planId: s.planId },
    items: {
      object: 'list',
      data: [
        {
          id: `si_${s.subscriptionId}`,
          object: 'subscription_item',
          current_period_start: p.start,
          current_period_end: p.end,
          price: { id: `price_${plan.id}`, object: 'price', product: `cc_plan_${plan.id}`, unit_amount: plan.amount },
          quantity: 1,
        },
      ],
    },
    latest_invoice: null,
    test_clock: null,
  };
}

/** An event with a chosen `created` (seconds), for ordering tests. */
export function at<T extends { created: number }>(evt: T, created: number): T {
  return { ...evt, created };
}

/** An event whose object keeps its own type (stripe-helpers' `event` widens it). */
const typed = <T extends Record<string, unknown>>(type: string, object: T) =>
  event(type, object) as Omit<ReturnType<typeof event>, 'data'> & { data: { object: T } };

export const invoicePaid = (s: Subscriber, o?: InvoiceOptions) => typed('invoice.paid', invoiceObject(s, o));
export const invoiceFailed = (s: Subscriber, o?: InvoiceOptions) =>
  typed('invoice.payment_failed', invoiceObject(s, { ...o, status: 'open' }));
export const subscriptionEvent = (type: 'created' | 'updated' | 'deleted', s: Subscriber, o?: SubscriptionOptions) =>
  event(`customer.subscription.${type}`, subscriptionObject(s, o));

export function invoicePaymentPaid(invoiceId: string, paymentIntent: string, amount: number) {
  return event('invoice_payment.paid', {
    id: stripeId('inpay'),
    object: 'invoice_payment',
    invoice: invoiceId,
    amount_paid: amount,
    currency: 'usd',
    status: 'paid',
    is_default: true,
    payment: { type: 'payment_intent', payment_intent: paymentIntent },
  });
}

export function chargeRefundedFor(paymentIntent: string, amount: number, amountRefunded: number) {
  return event('charge.refunded', {
    id: stripeId('ch'),
    object: 'charge',
    amount,
    amount_refunded: amountRefunded,
    refunded: amountRefunded >= amount,
    currency: 'usd',
    payment_intent: paymentIntent,
  });
}

/** Delivers and expects Stripe's 200 `{received: true}`. */
export async function deliverOk(evt: unknown) {
  const res = await deliver(evt);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(await res.json()).toEqual({ received: true });
}

export interface SubLot {
  id: number;
  source: string;
  amount: number;
  remaining: number;
  expires_at: number | null;
  reference: string;
}

export async function lotsBySource(userId: string, source: string): Promise<SubLot[]> {
  const { results } = await env.DB.prepare(
    'SELECT id, source, amount, remaining, expires_at, reference FROM lots WHERE user_id = ? AND source = ? ORDER BY id',
  )
    .bind(userId, source)
    .all<SubLot>();
  return results;
}

export async function invoiceRows(userId: string) {
  const { results } = await env.DB.prepare(
    `SELECT id, plan_id, credits, period_start, period_end, payment_intent, entry_id, credits_clawed
     FROM subscription_invoices WHERE user_id = ? ORDER BY period_end`,
  )
    .bind(userId)
    .all<{
      id: string;
      plan_id: string;
      credits: number;
      period_start: number;
      period_end: number;
      payment_intent: string | null;
      entry_id: number | null;
      credits_clawed: number;
    }>();
  return results;
}
