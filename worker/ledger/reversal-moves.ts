// The reversal moves a pack (payments.ts) and a plan period (subscription-reversals.ts) share: a
// refund's clawback, once per refunded total; a dispute's, once per dispute, and the exact give-back
// of a won one. Over the user `u` and whichever payment row (and dispute `r`) the caller's FROM
// joins; what differs (the share, the lot, the row) is the caller's part.
import { type SQL, sql } from 'drizzle-orm';
import type { Move } from './commit';

/**
 * Which dispute a move is about: one by id (from its event), or the payment's first recorded one
 * (when a purchase is credited after its dispute arrived; Stripe opens at most one dispute per
 * charge, and a Checkout or off-session payment has one charge).
 */
export type DisputeRef = { id: string } | { firstOf: string };

/** The dispute's id, as SQL: bound, or found among the payment's recorded reversals. */
export const disputeIdOf = (ref: DisputeRef) =>
  'id' in ref
    ? sql`${ref.id}`
    : sql`(SELECT id FROM payment_reversals WHERE payment_intent = ${ref.firstOf} AND kind = 'dispute'
        ORDER BY created_at, id LIMIT 1)`;

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

/**
 * A one-off payment's row as its reversal moves read it: a pack's Checkout Session or an auto
 * top-up's attempt. Everything is SQL over the row's alias (e.g. `cs`) and the user `u`.
 */
export interface PaymentRow {
  /** The table with its alias: `checkout_sessions cs`. */
  table: SQL;
  /** Columns of the row: its PaymentIntent, its user, the credits it bought, what it cost. */
  paymentIntent: SQL;
  userId: SQL;
  credits: SQL;
  amount: SQL;
  /** What refunds already clawed back, in money (the owner's mark, updated in the same batch). */
  refundedSoFar: SQL;
  /** The entries' reference. */
  reference: SQL;
  /** The row's credit is in the ledger. */
  credited: SQL;
  /** The lot its credit opened: clawbacks draw from it first. */
  lot: SQL;
  /** Narrows the give-back (e.g. a key it was once written under). */
  giveBackExtra?: SQL;
}

/**
 * The refund, dispute and won-dispute moves of a one-off payment: the credits of the money's share
 * (integer, rounded down, never more than bought), refunds by Stripe's recorded cumulative total
 * against what was already taken, disputes once each. A pack and an auto top-up differ only in the row.
 */
export function oneOffReversals(row: PaymentRow) {
  const share = (money: SQL) => sql`(${row.credits} * MIN(${money}, ${row.amount})) / ${row.amount}`;
  const refunded = refundedTotalOf(row.paymentIntent);
  const disputed = (ref: DisputeRef): DisputedPayment => ({
    user: sql`(SELECT ${row.userId} FROM payment_reversals r JOIN ${row.table} ON ${row.paymentIntent} = r.payment_intent
      WHERE r.id = ${disputeIdOf(ref)})`,
    reference: row.reference,
    from: (extra = sql``) =>
      sql`FROM payment_reversals r JOIN ${row.table} ON ${row.paymentIntent} = r.payment_intent
      JOIN users u ON u.id = ${row.userId}
      WHERE r.id = ${disputeIdOf(ref)} AND r.kind = 'dispute' AND ${row.credited} ${extra}`,
  });
  return {
    /** Claws back the newly refunded share (pair it with the row owner's refunded mark). */
    refund: (paymentIntent: string): Move =>
      refundClawbackMove(
        {
          user: sql`(SELECT ${row.userId} FROM ${row.table} WHERE ${row.paymentIntent} = ${paymentIntent})`,
          reference: row.reference,
          paymentIntent: row.paymentIntent,
          from: sql`FROM ${row.table} JOIN users u ON u.id = ${row.userId}
            WHERE ${row.paymentIntent} = ${paymentIntent} AND ${row.credited} AND ${row.refundedSoFar} < ${refunded}`,
        },
        row.lot,
        sql`-(${share(refunded)} - ${share(row.refundedSoFar)})`,
      ),
    /** Claws back the disputed share, once per dispute. May leave debt. */
    dispute: (ref: DisputeRef): Move => disputeClawbackMove(disputed(ref), row.lot, sql`-(${share(sql`r.amount`)})`),
    /** Gives back exactly what a won dispute took, after `dispute` in the same batch. */
    giveBack: (ref: DisputeRef): Move => disputeGiveBackMove(disputed(ref), row.giveBackExtra),
  };
}
