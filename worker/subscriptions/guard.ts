// One billing subscription per user, and none on a closed account. Checkout expires an older open
// plan session (checkout.ts) and closing expires them all, but Stripe can still report a second
// paid subscription (two devices racing, a session paid in the moment before it was expired) or
// one for a closed account. Every path that learns of a subscription (its events, `invoice.paid`,
// a plan session's completion, the status call, the cron) calls this: it refunds that
// subscription's payments, claws back what they granted (refund-now.ts) and cancels it.
//
// Which one goes must not depend on the order events arrive in, or two racing handlers could each
// cancel the other's: the one Stripe created first stays (then the smaller id), as Stripe says now.

import { sql } from 'drizzle-orm';
import { CLOSED_PASSWORD_HASH } from '../accounts/closed';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { Stripe, StripeClient } from '../stripe/client';
import { idOf } from '../stripe/client';
import { BILLING_SUBSCRIPTION_STATUSES, LIVE_SUBSCRIPTION_STATUSES } from '../vocabulary/subscriptions';
import type { VoidReason } from '../vocabulary/void-reasons';
import { cancelSubscriptionNow, recordStripeAnswer } from './cancel-now';
import { refundPaymentNow } from './refund-now';
import { markVoided } from './store';

export type GuardResult = { outcome: 'clear' } | { outcome: 'voided'; subscriptionIds: string[] };

interface Row {
  id: string | null;
  status: string | null;
  voided_reason: VoidReason | null;
  /** 1 if one of its paid invoices we granted is not fully refunded (as Stripe told us). */
  owes_refund: number;
  closed: number;
}

const readRows = (db: Db, userId: string) =>
  db.all<Row>(sql`SELECT s.id, s.status, s.voided_reason, u.password_hash = ${CLOSED_PASSWORD_HASH} AS closed,
      EXISTS (SELECT 1 FROM subscription_invoices si WHERE si.subscription_id = s.id AND si.amount > 0
        AND COALESCE((SELECT r.amount FROM payment_reversals r WHERE r.id = 'refund:' || si.payment_intent), 0)
          < si.amount) AS owes_refund
    FROM users u LEFT JOIN subscriptions s ON s.user_id = u.id WHERE u.id = ${userId}`);

const isIn = (list: readonly string[], status: string | null) => status !== null && list.includes(status);

export async function guardSubscriptions(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  userId: string,
  /** The subscription the caller just heard of, which may have no row yet. */
  subscriptionId: string | null,
  now = Date.now(),
): Promise<GuardResult> {
  let rows = await readRows(db, userId);
  const closed = rows[0]?.closed === 1;
  const billing = () => rows.filter((r) => isIn(BILLING_SUBSCRIPTION_STATUSES, r.status));
  if (subscriptionId && !rows.some((r) => r.id === subscriptionId) && (closed || billing().length > 0)) {
    // Its own events are still on their way: ask Stripe what it is before deciding.
    await recordStripeAnswer(db, await stripe.subscriptions.retrieve(subscriptionId), now);
    rows = await readRows(db, userId);
  }
  const voids = new Map<string, VoidReason>();
  for (const r of rows) {
    if (!r.id) continue;
    // Voided before: finish a cancel or a refund that failed, or refund an invoice granted after it.
    if (r.voided_reason && (isIn(LIVE_SUBSCRIPTION_STATUSES, r.status) || r.owes_refund === 1))
      voids.set(r.id, r.voided_reason);
    else if (closed && isIn(LIVE_SUBSCRIPTION_STATUSES, r.status)) voids.set(r.id, 'closed_account');
  }
  if (!closed && billing().length > 1) {
    for (const id of await duplicatesAtStripe(db, stripe, billing(), now)) voids.set(id, 'duplicate');
  }
  for (const [id, reason] of voids) await voidSubscription(db, onCommit, stripe, id, reason, now);
  return voids.size > 0 ? { outcome: 'voided', subscriptionIds: [...voids.keys()] } : { outcome: 'clear' };
}

/** All but the one Stripe created first, among those Stripe still bills. */
async function duplicatesAtStripe(db: Db, stripe: StripeClient, rows: Row[], now: number): Promise<string[]> {
  const subs = await Promise.all(rows.map((r) => stripe.subscriptions.retrieve(r.id as string)));
  const billing: Stripe.Subscription[] = [];
  for (const sub of subs) {
    if (isIn(BILLING_SUBSCRIPTION_STATUSES, sub.status)) billing.push(sub);
    else await recordStripeAnswer(db, sub, now); // ended meanwhile: our row catches up
  }
  billing.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  return billing.slice(1).map((s) => s.id);
}

/**
 * Refunds every paid invoice of the subscription, then cancels it (in this order: a cancel that
 * succeeded leaves the row not live, and a retry would no longer find a refund still owed).
 */
async function voidSubscription(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  subscriptionId: string,
  reason: VoidReason,
  now: number,
): Promise<void> {
  await markVoided(db, subscriptionId, reason, now);
  for await (const invoice of stripe.invoices.list({ subscription: subscriptionId, status: 'paid', limit: 100 })) {
    if (invoice.amount_paid <= 0) continue;
    for await (const payment of stripe.invoicePayments.list({ invoice: invoice.id, limit: 10 })) {
      const paymentIntent = idOf(payment.payment?.payment_intent as string | { id: string } | undefined);
      if (payment.status === 'paid' && paymentIntent) {
        await refundPaymentNow(db, onCommit, stripe, paymentIntent, reason, now);
      }
    }
  }
  const { status } = await cancelSubscriptionNow(db, stripe, subscriptionId, now);
  console.log(JSON.stringify({ msg: 'subscription_voided', subscriptionId, reason, status }));
}
