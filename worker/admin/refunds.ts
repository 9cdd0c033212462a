// Refunds from the console go through Stripe's Refunds API; the clawback stays the webhook's job
// (charge.refunded), so a refund made here and one made in Stripe's dashboard behave the same.
import { sql } from 'drizzle-orm';
import { auditOnce } from '../audit/log';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { type AppError, conflict, notFound, serviceUnavailable } from '../errors';
import type { Stripe, StripeClient } from '../stripe/client';

export interface RefundInput {
  sessionId: string;
  /** In the currency's smallest unit; omitted = whatever is left. */
  amount?: number;
  reason: string;
  /** A double click sends the same key: Stripe makes one refund. */
  idempotencyKey: string;
}

export async function refundPurchase(db: Db, stripe: StripeClient, operator: { id: string }, input: RefundInput) {
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
    throw refundFailure(err, amount);
  }
  // Once per refund: a repeated click gets Stripe's same refund back, and no second row.
  const detail = { refundId: refund.id, amount, reason: input.reason, userId: row.user_id };
  await runBatch(db, [
    auditOnce({ actor: operator.id, action: 'purchase.refund', target: input.sessionId, detail }, 'refundId'),
  ]);
  return { refundId: refund.id };
}

/**
 * What a failed Stripe refund call means to the operator. Stripe refusing the refund (a request
 * error: more than is left, already refunded, a dispute, anything else) is a 409 saying why, and
 * changes nothing here; Stripe unreachable or failing is a 503 to retry with the same key (Stripe
 * makes at most one refund per key, so a retry after a lost answer is safe). Never a 500: ten
 * operators clicking at once used to get one 202 and nine 500s (the race is Stripe's to settle).
 */
export function refundFailure(err: unknown, amount: number): AppError {
  const e = err as { type?: string; code?: string; message?: string };
  switch (e.type) {
    case 'StripeIdempotencyError':
      return conflict('idempotency_conflict', 'This idempotency key was already used for another refund.');
    case 'StripeInvalidRequestError':
    case 'StripeCardError':
      if (e.code === 'charge_already_refunded' || e.code === 'amount_too_large') {
        return conflict(
          'nothing_to_refund',
          `Stripe refused to refund ${amount} (smallest currency unit): less than that is left on this payment, perhaps because another refund was just made. Reload the purchase to see what is left.`,
        );
      }
      if (e.code === 'charge_disputed') {
        return conflict(
          'charge_disputed',
          'Stripe refused the refund: this payment is disputed, so the dispute decides what the customer gets back.',
        );
      }
      return conflict('refund_refused', `Stripe refused the refund: ${e.message ?? e.code ?? 'no reason given'}`);
    default:
      // Connection failures, Stripe's own 5xx, rate limits and a rejected key: nothing was refused
      // on the merits, and a retry may well work.
      return serviceUnavailable(
        'stripe_unavailable',
        'Stripe could not be reached or failed to answer, so the refund may not have been made. Try again with the same button: it will not refund twice.',
      );
  }
}
