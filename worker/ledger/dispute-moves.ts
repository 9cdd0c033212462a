// The dispute moves a pack (payments.ts) and a plan period (subscription-reversals.ts) share: the
// clawback, once per dispute, and the exact give-back of a won one. Over the dispute row `r`, the
// user `u` and whichever payment row the caller's FROM joins; what differs is the caller's part.
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
