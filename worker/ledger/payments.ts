// The ledger moves of the money path. Each reads its amounts from our own rows — what the user
// bought (checkout_sessions) and what Stripe told us was refunded or disputed (payment_reversals) —
// never from a request or event body, and is keyed so that any number of deliveries, in any
// order, applies it once. Clawbacks draw from the purchase's own lot first.
import { type SQL, sql } from 'drizzle-orm';
import { CREDITED_STATUSES, PENDING_STATUSES } from '../vocabulary/checkout-statuses';
import type { Move } from './commit';
import {
  type DisputedPayment,
  disputeClawbackMove,
  disputeGiveBackMove,
  refundClawbackMove,
  refundedTotalOf,
} from './reversal-moves';

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const PENDING = inList(PENDING_STATUSES);
const CREDITED = inList(CREDITED_STATUSES);

/** The lot a session's purchase opened (over `cs` and `u`). */
const purchaseLot = sql`(SELECT l.id FROM lots l JOIN ledger_entries p ON l.entry_id = p.id
  WHERE p.user_id = u.id AND p.idempotency_key = 'purchase:' || cs.id)`;

/** Credits a paid Checkout Session once. Applies only if what was paid matches the row. */
export function purchaseMove(sessionId: string, paid: { amount: number; currency: string }): Move {
  return {
    kind: 'purchase',
    user: sql`(SELECT user_id FROM checkout_sessions WHERE id = ${sessionId})`,
    reference: sessionId,
    idempotencyKey: `purchase:${sessionId}`,
    delta: sql`cs.credits`,
    from: sql`FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      WHERE cs.id = ${sessionId} AND cs.amount = ${paid.amount} AND cs.currency = ${paid.currency}
        AND cs.status IN (${PENDING})`,
  };
}

const userOfPayment = (paymentIntent: string) =>
  sql`(SELECT user_id FROM checkout_sessions WHERE payment_intent = ${paymentIntent})`;

/** Stripe's cumulative refunded amount for a payment, as recorded (over `cs`). */
export const refundedTotal = refundedTotalOf(sql`cs.payment_intent`);

/**
 * Claws back the credits of the newly refunded share: the recorded total against what we already
 * clawed back (`cs.amount_refunded`), so a partial refund then a full one takes only the
 * difference, and an older event arriving late takes nothing. Integer shares, rounded down; never
 * more than the purchase. Pair it with billing's `markRefunded` in the same batch.
 */
export function refundMove(paymentIntent: string): Move {
  const share = (refunded: SQL) => sql`(cs.credits * MIN(${refunded}, cs.amount)) / cs.amount`;
  const purchase = {
    user: userOfPayment(paymentIntent),
    reference: sql`cs.id`,
    paymentIntent: sql`cs.payment_intent`,
    from: sql`FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      WHERE cs.payment_intent = ${paymentIntent} AND cs.status IN (${CREDITED})
        AND cs.amount_refunded < ${refundedTotal}`,
  };
  return refundClawbackMove(purchase, purchaseLot, sql`-(${share(refundedTotal)} - ${share(sql`cs.amount_refunded`)})`);
}

/**
 * Which dispute a move is about: one by id (from its event), or the payment's first recorded one
 * (when a purchase is credited after its dispute arrived; Stripe opens at most one dispute per
 * charge, and a Checkout payment has one charge).
 */
export type DisputeRef = { id: string } | { firstOf: string };

const disputeId = (ref: DisputeRef) =>
  'id' in ref
    ? sql`${ref.id}`
    : sql`(SELECT id FROM payment_reversals WHERE payment_intent = ${ref.firstOf} AND kind = 'dispute'
        ORDER BY created_at, id LIMIT 1)`;

/** The dispute `r` of a credited purchase `cs`. */
const disputedPurchase = (ref: DisputeRef): DisputedPayment => ({
  user: sql`(SELECT cs.user_id FROM payment_reversals r JOIN checkout_sessions cs ON cs.payment_intent = r.payment_intent
    WHERE r.id = ${disputeId(ref)})`,
  reference: sql`cs.id`,
  from: (extra = sql``) =>
    sql`FROM payment_reversals r JOIN checkout_sessions cs ON cs.payment_intent = r.payment_intent
    JOIN users u ON u.id = cs.user_id
    WHERE r.id = ${disputeId(ref)} AND r.kind = 'dispute' AND cs.status IN (${CREDITED}) ${extra}`,
});

/** Claws back the disputed share of a credited purchase, once per dispute. May leave debt. */
export function disputeMove(ref: DisputeRef): Move {
  const share = sql`-((cs.credits * MIN(r.amount, cs.amount)) / cs.amount)`;
  return disputeClawbackMove(disputedPurchase(ref), purchaseLot, share);
}

/** Gives back exactly what a won dispute took (reversal-moves.ts), after `disputeMove` in the same batch. */
export function disputeReversalMove(ref: DisputeRef): Move {
  // Entries written before this key was renamed (ledger v1) were keyed `dispute_won:`.
  return disputeGiveBackMove(
    disputedPurchase(ref),
    sql`AND NOT EXISTS (SELECT 1 FROM ledger_entries o
        WHERE o.user_id = u.id AND o.idempotency_key = 'dispute_won:' || r.id)`,
  );
}
