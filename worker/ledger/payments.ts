// The ledger moves of the money path. Each reads its amounts from our own rows — what the user
// bought (checkout_sessions) and what Stripe told us was refunded or disputed (payment_reversals) —
// never from a request or event body, and is keyed so that any number of deliveries, in any
// order, applies it once. Clawbacks draw from the purchase's own lot first.
import { sql } from 'drizzle-orm';
import { CREDITED_STATUSES, PENDING_STATUSES } from '../vocabulary/checkout-statuses';
import type { Move } from './commit';
import { type DisputeRef, oneOffReversals, refundedTotalOf } from './reversal-moves';

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
    paidFor: 'pack',
    user: sql`(SELECT user_id FROM checkout_sessions WHERE id = ${sessionId})`,
    reference: sessionId,
    idempotencyKey: `purchase:${sessionId}`,
    delta: sql`cs.credits`,
    from: sql`FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      WHERE cs.id = ${sessionId} AND cs.amount = ${paid.amount} AND cs.currency = ${paid.currency}
        AND cs.status IN (${PENDING})`,
  };
}

/** Stripe's cumulative refunded amount for a payment, as recorded (over `cs`). */
export const refundedTotal = refundedTotalOf(sql`cs.payment_intent`);

export type { DisputeRef };

const pack = oneOffReversals({
  table: sql`checkout_sessions cs`,
  paymentIntent: sql`cs.payment_intent`,
  userId: sql`cs.user_id`,
  credits: sql`cs.credits`,
  amount: sql`cs.amount`,
  refundedSoFar: sql`cs.amount_refunded`,
  reference: sql`cs.id`,
  credited: sql`cs.status IN (${CREDITED})`,
  lot: purchaseLot,
  // Entries written before this key was renamed (ledger v1) were keyed `dispute_won:`.
  giveBackExtra: sql`AND NOT EXISTS (SELECT 1 FROM ledger_entries o
      WHERE o.user_id = u.id AND o.idempotency_key = 'dispute_won:' || r.id)`,
});

/**
 * Claws back the credits of the newly refunded share: the recorded total against what we already
 * clawed back (`cs.amount_refunded`), so a partial refund then a full one takes only the
 * difference, and an older event arriving late takes nothing. Integer shares, rounded down; never
 * more than the purchase. Pair it with billing's `markRefunded` in the same batch.
 */
export const refundMove = (paymentIntent: string): Move => pack.refund(paymentIntent);

/** Claws back the disputed share of a credited purchase, once per dispute. May leave debt. */
export const disputeMove = (ref: DisputeRef): Move => pack.dispute(ref);

/** Gives back exactly what a won dispute took (reversal-moves.ts), after `disputeMove` in the same batch. */
export const disputeReversalMove = (ref: DisputeRef): Move => pack.giveBack(ref);
