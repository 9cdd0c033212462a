// The reversal moves a pack (payments.ts) and a plan period (subscription-reversals.ts) share: a
// refund's clawback, once per refunded total; a dispute's, once per dispute, and the exact give-back
// of a won one. Over the user `u` and whichever payment row (and dispute `r`) the caller's FROM
// joins; what differs (the share, the lot, the row) is the caller's part.
import { type SQL, sql } from 'drizzle-orm';
import type { Move } from './commit';

/** A disputed payment as its caller reads it. */
export interface DisputedPayment {
  /** The user's id (a scalar subquery), for the move's user. */
  user: SQL;
  /** The payment row's id: the entries' reference. */
  reference: SQL;
  /** `FROM … WHERE …` over `r`, `u` and the payment row; `extra` (`AND …`) narrows it. */
  from: (extra?: SQL) => SQL;
}

/** Stripe's cumulative refunded total for the payment `paymentIntent` (a column of the caller's row), as recorded. */
export const refundedTotalOf = (paymentIntent: SQL) =>
  sql`(SELECT r.amount FROM payment_reversals r WHERE r.id = 'refund:' || ${paymentIntent})`;

/**
 * Takes `delta` (negative: the newly refunded share) from `lotId` first, once per refunded total
 * (`refund:{pi}:{total}`): a partial then a full refund takes the difference, a late older one nothing.
 */
export function refundClawbackMove(
  payment: Omit<DisputedPayment, 'from'> & { paymentIntent: SQL; from: SQL },
  lotId: SQL,
  delta: SQL,
): Move {
  return {
    kind: 'refund',
    user: payment.user,
    reference: payment.reference,
    idempotencyKey: sql`'refund:' || ${payment.paymentIntent} || ':' || ${refundedTotalOf(payment.paymentIntent)}`,
    lotId,
    delta,
    from: payment.from,
  };
}

/** Takes `delta` (negative) from `lotId` first, once per dispute (`dispute:{id}`). */
export function disputeClawbackMove(payment: DisputedPayment, lotId: SQL, delta: SQL, extra?: SQL): Move {
  return {
    kind: 'dispute',
    user: payment.user,
    reference: payment.reference,
    idempotencyKey: sql`'dispute:' || r.id`,
    lotId,
    delta,
    from: payment.from(extra),
  };
}

/**
 * Gives back exactly what the won dispute's clawback took, to the lots it took it from. Commit it
 * after the clawback in the same batch: "won" before "created" applies both (net zero), and the
 * late "created" is a duplicate, so order never costs the user credits.
 */
export function disputeGiveBackMove(payment: DisputedPayment, extra: SQL = sql``): Move {
  const clawback = sql`(SELECT d.id FROM ledger_entries d WHERE d.user_id = u.id AND d.idempotency_key = 'dispute:' || r.id)`;
  return {
    kind: 'dispute_reversal',
    user: payment.user,
    reference: payment.reference,
    idempotencyKey: sql`'dispute_reversal:' || r.id`,
    sourceEntryId: clawback,
    delta: sql`-(SELECT d.delta FROM ledger_entries d WHERE d.id = ${clawback})`,
    from: payment.from(sql`AND r.won = 1 AND ${clawback} IS NOT NULL ${extra}`),
  };
}
