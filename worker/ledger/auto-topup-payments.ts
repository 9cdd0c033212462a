// The ledger moves of an auto top-up's off-session charge: its credit (a `purchase` entry and lot
// referenced by the PaymentIntent id, keyed `purchase:{pi}` so the synchronous answer and
// `payment_intent.succeeded` grant it once, whichever comes first), and the clawbacks of its refunds
// and disputes, read from payment_reversals exactly as a pack's are (ledger/payments.ts), over the
// attempt row (auto_topup_attempts) instead of a Checkout Session.
import { type SQL, sql } from 'drizzle-orm';
import type { Move, Step } from './commit';
import { type DisputeRef, oneOffReversals, refundedTotalOf } from './reversal-moves';

const userOfPayment = (paymentIntent: string) =>
  sql`(SELECT user_id FROM auto_topup_attempts WHERE payment_intent_id = ${paymentIntent})`;

/**
 * Credits the attempt charged by `paymentIntent`, once, if what Stripe says was paid is what the
 * attempt asked for. Any attempt status: money Stripe took is always credited (an attempt marked
 * failed by a lost answer and then found paid is still credited, exactly once).
 */
export function autoTopupCreditMove(paymentIntent: string, paid: { amount: number; currency: string }): Move {
  return {
    kind: 'purchase',
    paidFor: 'auto_topup',
    user: userOfPayment(paymentIntent),
    reference: paymentIntent,
    idempotencyKey: `purchase:${paymentIntent}`,
    delta: sql`a.credits`,
    from: sql`FROM auto_topup_attempts a JOIN users u ON u.id = a.user_id
      WHERE a.payment_intent_id = ${paymentIntent} AND a.amount_cents = ${paid.amount} AND a.currency = ${paid.currency}`,
  };
}

/** The lot the top-up's credit opened (over `a` and `u`): clawbacks draw from it first. */
const purchaseLot = sql`(SELECT l.id FROM lots l JOIN ledger_entries p ON l.entry_id = p.id
  WHERE p.user_id = u.id AND p.idempotency_key = 'purchase:' || a.payment_intent_id)`;

/** Whether the attempt's credit is in the ledger (over `a` and `u`). */
const credited = sql`EXISTS (SELECT 1 FROM ledger_entries p WHERE p.user_id = u.id
  AND p.idempotency_key = 'purchase:' || a.payment_intent_id)`;

const refunded = refundedTotalOf(sql`a.payment_intent_id`);

const topUp = oneOffReversals({
  table: sql`auto_topup_attempts a`,
  paymentIntent: sql`a.payment_intent_id`,
  userId: sql`a.user_id`,
  credits: sql`a.credits`,
  amount: sql`a.amount_cents`,
  refundedSoFar: sql`a.amount_refunded`,
  reference: sql`a.payment_intent_id`,
  credited,
  lot: purchaseLot,
});

/** Claws back the newly refunded share of a credited top-up (pair with `markTopupRefunded`). */
export const autoTopupRefundMove = (paymentIntent: string): Move => topUp.refund(paymentIntent);

/** Records what the refunds took (after `autoTopupRefundMove`, same batch). */
export function markTopupRefunded(paymentIntent: string): SQL {
  return sql`UPDATE auto_topup_attempts AS a SET amount_refunded = ${refunded}
    WHERE a.payment_intent_id = ${paymentIntent} AND a.amount_refunded < ${refunded}
      AND EXISTS (SELECT 1 FROM ledger_entries p WHERE p.user_id = a.user_id
        AND p.idempotency_key = 'purchase:' || a.payment_intent_id)`;
}

/** Claws back the disputed share of a credited top-up, once per dispute. May leave debt. */
export const autoTopupDisputeMove = (ref: DisputeRef): Move => topUp.dispute(ref);

/** Gives back exactly what a won dispute took (after `autoTopupDisputeMove`, same batch). */
export const autoTopupDisputeReversalMove = (ref: DisputeRef): Move => topUp.giveBack(ref);

/** A refund or dispute Stripe reported before the top-up's credit: applied in the credit's batch. */
export function pendingTopupReversals(paymentIntent: string): Step[] {
  return [
    { move: autoTopupRefundMove(paymentIntent) },
    markTopupRefunded(paymentIntent),
    { move: autoTopupDisputeMove({ firstOf: paymentIntent }) },
    { move: autoTopupDisputeReversalMove({ firstOf: paymentIntent }) },
  ];
}
