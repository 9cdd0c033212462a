// The ledger moves of an auto top-up's off-session charge: its credit (a `purchase` entry and lot
// referenced by the PaymentIntent id, keyed `purchase:{pi}` so the synchronous answer and
// `payment_intent.succeeded` grant it once, whichever comes first), and the clawbacks of its refunds
// and disputes, read from payment_reversals exactly as a pack's are (ledger/payments.ts), over the
// attempt row (auto_topup_attempts) instead of a Checkout Session.
import { type SQL, sql } from 'drizzle-orm';
import type { Move, Step } from './commit';

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

const refunded = sql`(SELECT r.amount FROM payment_reversals r WHERE r.id = 'refund:' || a.payment_intent_id)`;
const share = (money: SQL) => sql`(a.credits * MIN(${money}, a.amount_cents)) / a.amount_cents`;

/** Claws back the newly refunded share of a credited top-up (pair with `markTopupRefunded`). */
export function autoTopupRefundMove(paymentIntent: string): Move {
  return {
    kind: 'refund',
    user: userOfPayment(paymentIntent),
    reference: paymentIntent,
    idempotencyKey: sql`'refund:' || a.payment_intent_id || ':' || ${refunded}`,
    lotId: purchaseLot,
    delta: sql`-(${share(refunded)} - ${share(sql`a.amount_refunded`)})`,
    from: sql`FROM auto_topup_attempts a JOIN users u ON u.id = a.user_id
      WHERE a.payment_intent_id = ${paymentIntent} AND ${credited} AND a.amount_refunded < ${refunded}`,
  };
}

/** Records what the refunds took (after `autoTopupRefundMove`, same batch). */
export function markTopupRefunded(paymentIntent: string): SQL {
  return sql`UPDATE auto_topup_attempts AS a SET amount_refunded = ${refunded}
    WHERE a.payment_intent_id = ${paymentIntent} AND a.amount_refunded < ${refunded}
      AND EXISTS (SELECT 1 FROM ledger_entries p WHERE p.user_id = a.user_id
        AND p.idempotency_key = 'purchase:' || a.payment_intent_id)`;
}

/** A dispute by id (its event), or the first recorded for a top-up's payment (credited after it). */
export type TopupDisputeRef = { id: string } | { firstOf: string };

const disputeId = (ref: TopupDisputeRef) =>
  'id' in ref
    ? sql`${ref.id}`
    : sql`(SELECT id FROM payment_reversals WHERE payment_intent = ${ref.firstOf} AND kind = 'dispute'
        ORDER BY created_at, id LIMIT 1)`;

const disputeFrom = (ref: TopupDisputeRef, extra: SQL = sql``) =>
  sql`FROM payment_reversals r JOIN auto_topup_attempts a ON a.payment_intent_id = r.payment_intent
    JOIN users u ON u.id = a.user_id
    WHERE r.id = ${disputeId(ref)} AND r.kind = 'dispute' AND ${credited} ${extra}`;

const disputeUser = (ref: TopupDisputeRef) =>
  sql`(SELECT a.user_id FROM payment_reversals r JOIN auto_topup_attempts a ON a.payment_intent_id = r.payment_intent
    WHERE r.id = ${disputeId(ref)})`;

/** Claws back the disputed share of a credited top-up, once per dispute. May leave debt. */
export function autoTopupDisputeMove(ref: TopupDisputeRef): Move {
  return {
    kind: 'dispute',
    user: disputeUser(ref),
    reference: sql`a.payment_intent_id`,
    idempotencyKey: sql`'dispute:' || r.id`,
    lotId: purchaseLot,
    delta: sql`-${share(sql`r.amount`)}`,
    from: disputeFrom(ref),
  };
}

/** Gives back exactly what a won dispute took (after `autoTopupDisputeMove`, same batch). */
export function autoTopupDisputeReversalMove(ref: TopupDisputeRef): Move {
  const clawback = sql`(SELECT d.id FROM ledger_entries d WHERE d.user_id = u.id AND d.idempotency_key = 'dispute:' || r.id)`;
  return {
    kind: 'dispute_reversal',
    user: disputeUser(ref),
    reference: sql`a.payment_intent_id`,
    idempotencyKey: sql`'dispute_reversal:' || r.id`,
    sourceEntryId: clawback,
    delta: sql`-(SELECT d.delta FROM ledger_entries d WHERE d.id = ${clawback})`,
    from: disputeFrom(ref, sql`AND r.won = 1 AND ${clawback} IS NOT NULL`),
  };
}

/** A refund or dispute Stripe reported before the top-up's credit: applied in the credit's batch. */
export function pendingTopupReversals(paymentIntent: string): Step[] {
  return [
    { move: autoTopupRefundMove(paymentIntent) },
    markTopupRefunded(paymentIntent),
    { move: autoTopupDisputeMove({ firstOf: paymentIntent }) },
    { move: autoTopupDisputeReversalMove({ firstOf: paymentIntent }) },
  ];
}
