// Refunds from the console go through Stripe's Refunds API; the clawback stays the webhook's job
// (charge.refunded), so a refund made here and one made in Stripe's dashboard behave the same.
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { conflict, notFound } from '../errors';
import type { Stripe } from '../stripe/client';
import { auditOnce } from './audit';

export interface RefundInput {
  sessionId: string;
  /** In the currency's smallest unit; omitted = whatever is left. */
  amount?: number;
  reason: string;
  /** A double click sends the same key: Stripe makes one refund. */
  idempotencyKey: string;
}

export async function refundPurchase(db: Db, stripe: Stripe, operator: { id: string }, input: RefundInput) {
  const [row] = await db.all<{
    user_id: string;
    amount: number;
    amount_refunded: number;
    payment_intent: string | null;
    status: string;
  }>(
    sql`SELECT user_id, amount, amount_refunded, payment_intent, status FROM checkout_sessions WHERE id = ${input.sessionId}`,
  );
  if (!row) throw notFound('purchase_not_found', 'No such purchase.');
  if (!row.payment_intent || (row.status !== 'credited' && row.status !== 'refunded')) {
    throw conflict('not_refundable', 'This purchase was never paid, so there is nothing to refund.');
  }
  const left = row.amount - row.amount_refunded;
  const amount = input.amount ?? left;
  if (left <= 0 || amount > left) {
    throw conflict('nothing_to_refund', `Only ${Math.max(left, 0)} (smallest currency unit) is left to refund.`);
  }
  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create(
      { payment_intent: row.payment_intent, amount, metadata: { reason: input.reason, operator: operator.id } },
      { idempotencyKey: `admin-refund:${input.sessionId}:${input.idempotencyKey}` },
    );
  } catch (err) {
    const e = err as { type?: string; code?: string; message?: string };
    if (e.type === 'StripeInvalidRequestError' && e.code === 'charge_already_refunded') {
      throw conflict('nothing_to_refund', 'Stripe says this payment is already refunded.');
    }
    if (e.type === 'StripeIdempotencyError') {
      throw conflict('idempotency_conflict', 'This idempotency key was already used for another refund.');
    }
    throw err;
  }
  // Once per refund: a repeated click gets Stripe's same refund back, and no second row.
  const detail = { refundId: refund.id, amount, reason: input.reason, userId: row.user_id };
  await runBatch(db, [
    auditOnce({ actor: operator.id, action: 'purchase.refund', target: input.sessionId, detail }, 'refundId'),
  ]);
  return { refundId: refund.id };
}
