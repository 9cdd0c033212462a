// The ledger moves of the money path. Each reads its amounts from our own checkout_sessions row
// (what the user bought and paid), never from a request or event body, and is keyed so that any
// number of deliveries, in any order, applies it once.
import { sql } from 'drizzle-orm';
import type { Move } from './ledger';

/** Credits a paid Checkout Session once. Applies only if what was paid matches the row. */
export function purchaseMove(sessionId: string, paid: { amount: number; currency: string }): Move {
  return {
    kind: 'purchase',
    reference: sessionId,
    idempotencyKey: `purchase:${sessionId}`,
    delta: sql`cs.credits`,
    from: sql`FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      WHERE cs.id = ${sessionId} AND cs.amount = ${paid.amount} AND cs.currency = ${paid.currency}
        AND cs.status IN ('open', 'processing')`,
  };
}

/**
 * Claws back the credits of the newly refunded share. `refundedTotal` is Stripe's cumulative
 * `amount_refunded` for the charge; `cs.amount_refunded` is what we already clawed back, so a
 * partial refund then a full one takes only the difference, and an older event (smaller total)
 * arriving late takes nothing. Integer shares: credits × refunded / amount, rounded down.
 */
export function refundMove(paymentIntent: string, refundedTotal: number): Move {
  // MIN: never claw back more than the purchase, whatever the event says.
  const share = (refunded: unknown) => sql`(cs.credits * MIN(${refunded}, cs.amount)) / cs.amount`;
  return {
    kind: 'refund',
    reference: sql`cs.id`,
    idempotencyKey: `refund:${paymentIntent}:${refundedTotal}`,
    delta: sql`-(${share(refundedTotal)} - ${share(sql`cs.amount_refunded`)})`,
    from: sql`FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      WHERE cs.payment_intent = ${paymentIntent} AND cs.status IN ('credited', 'refunded')
        AND cs.amount_refunded < ${refundedTotal}`,
  };
}

/** Claws back the disputed share of a purchase, once per dispute. May leave the balance negative. */
export function disputeMove(paymentIntent: string, disputeId: string, disputedAmount: number): Move {
  return {
    kind: 'dispute',
    reference: sql`cs.id`,
    idempotencyKey: `dispute:${disputeId}`,
    delta: sql`-((cs.credits * MIN(${disputedAmount}, cs.amount)) / cs.amount)`,
    from: sql`FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      WHERE cs.payment_intent = ${paymentIntent} AND cs.status IN ('credited', 'refunded')`,
  };
}

/**
 * Gives back exactly what the dispute took. Commit it after `disputeMove` in the same batch: if
 * the "won" event arrives before "created", both apply now (net zero) and the late "created" is a
 * duplicate, so order never costs the user credits.
 */
export function disputeReversalMove(paymentIntent: string, disputeId: string): Move {
  const clawback = sql`(SELECT d.delta FROM ledger_entries d
    WHERE d.user_id = u.id AND d.idempotency_key = ${`dispute:${disputeId}`})`;
  return {
    kind: 'dispute_reversal',
    reference: sql`cs.id`,
    idempotencyKey: `dispute_won:${disputeId}`,
    delta: sql`-${clawback}`,
    from: sql`FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      WHERE cs.payment_intent = ${paymentIntent} AND ${clawback} IS NOT NULL`,
  };
}
