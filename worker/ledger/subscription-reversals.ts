// The ledger moves that take back a subscription period's credit when Stripe reports its payment
// refunded or disputed (recorded in payment_reversals), and give a won dispute back. A period's
// credit is its allowance's lot and every lot its unused credit rolled into (each rollover entry
// names the period's grant in `source_entry_id`), so a clawback draws from the period's live lot
// first; what was spent is taken from other lots and then becomes debt, exactly as for a pack.
// The moves read the invoice row; recording what they took on it is its owner's statement
// (subscriptions/period-reversals.ts), batched with them.
import { type SQL, sql } from 'drizzle-orm';
import type { Move } from './commit';
import {
  type DisputedPayment,
  disputeClawbackMove,
  disputeGiveBackMove,
  refundClawbackMove,
  refundedTotalOf,
} from './reversal-moves';

/** Which invoice a move is about: by id (granting, mapping its payment) or by its payment (an event). */
export type InvoiceRef = { invoiceId: string } | { paymentIntent: string };

const refWhere = (ref: InvoiceRef) =>
  'invoiceId' in ref ? sql`si.id = ${ref.invoiceId}` : sql`si.payment_intent = ${ref.paymentIntent}`;

const userOf = (ref: InvoiceRef) =>
  'invoiceId' in ref
    ? sql`(SELECT user_id FROM subscription_invoices WHERE id = ${ref.invoiceId})`
    : sql`(SELECT user_id FROM subscription_invoices WHERE payment_intent = ${ref.paymentIntent})`;

/** The lots holding the period's credit: the allowance's, and those its credit rolled into (over `si`). */
const periodLots = sql`SELECT l.id FROM lots l JOIN ledger_entries o ON o.id = l.entry_id
  WHERE l.user_id = si.user_id AND l.source = 'subscription'
    AND (o.id = si.entry_id OR (o.kind = 'subscription' AND o.source_entry_id = si.entry_id))`;

/** Where the period's credit is now: its newest lot that holds any, else its newest (over `si`). */
const liveLot = sql`(${periodLots} ORDER BY l.remaining > 0 DESC, l.id DESC LIMIT 1)`;

/**
 * The period's credit that expired unused: what `expire` entries took from its lots, less what
 * rolled over out of them (a carry re-opens the credit in a new lot of the period, which expiry
 * of the old one then empties). Never taken back: it is gone already. Over `si`.
 */
const expiredUnused = sql`MAX(0, COALESCE((SELECT -SUM(d.delta) FROM lot_draws d
    JOIN ledger_entries x ON x.id = d.entry_id WHERE x.kind = 'expire' AND d.lot_id IN (${periodLots})), 0)
  - COALESCE((SELECT SUM(c.delta) FROM ledger_entries c WHERE c.user_id = si.user_id AND c.kind = 'subscription'
    AND c.source_entry_id = si.entry_id), 0))`;

/**
 * What a share of the payment (in money) takes back: that share of the allowance, less the credit
 * that expired unused. Expired credit counts toward the reversed share first, because that is what
 * the same reversal would have done had it arrived before the renewal (taken the credit, leaving
 * less to expire or carry), so the end state does not depend on which came first.
 */
const takes = (money: SQL) => sql`MAX(0, (si.credits * MIN(${money}, si.amount)) / si.amount - ${expiredUnused})`;

const refunded = refundedTotalOf(sql`si.payment_intent`);

const applicable = sql`si.payment_intent IS NOT NULL AND si.entry_id IS NOT NULL AND si.amount > 0`;

/**
 * What the refunds of the invoice `si` take in all (`taken`), and when that is more than they took
 * already (`where`, over `si`): the refund move's condition, and the owner's record of it after.
 */
export function subscriptionRefundTaken(ref: InvoiceRef): { taken: SQL; where: SQL } {
  return {
    taken: takes(refunded),
    where: sql`${refWhere(ref)} AND ${applicable} AND ${takes(refunded)} > si.credits_clawed`,
  };
}

/**
 * Claws back the newly refunded share of a granted period: Stripe's cumulative refunded total
 * against what refunds took already (`credits_clawed`), so a partial then a full refund takes the
 * difference and a late older event nothing. The owner records what it took (`credits_clawed`,
 * subscriptions/period-reversals.ts) right after it, in the same batch.
 */
export function subscriptionRefundMove(ref: InvoiceRef): Move {
  const period = {
    user: userOf(ref),
    reference: sql`si.id`,
    paymentIntent: sql`si.payment_intent`,
    from: sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id
      WHERE ${subscriptionRefundTaken(ref).where}`,
  };
  return refundClawbackMove(period, liveLot, sql`-(${takes(refunded)} - si.credits_clawed)`);
}

/**
 * Which dispute: one by id (its event), or the first recorded for the invoice's payment (when the
 * grant or the payment's mapping arrives after it; Stripe opens at most one dispute per charge, and
 * an invoice is paid by one charge).
 */
export type SubscriptionDisputeRef = { disputeId: string } | { invoiceId: string };

/** The dispute `r` of a granted period's invoice `si`. */
const disputedPeriod = (ref: SubscriptionDisputeRef): DisputedPayment => ({
  user:
    'disputeId' in ref
      ? sql`(SELECT si.user_id FROM payment_reversals r JOIN subscription_invoices si ON si.payment_intent = r.payment_intent
        WHERE r.id = ${ref.disputeId})`
      : userOf(ref),
  reference: sql`si.id`,
  from: (extra = sql``) =>
    sql`FROM payment_reversals r JOIN subscription_invoices si ON si.payment_intent = r.payment_intent
    JOIN users u ON u.id = si.user_id
    WHERE ${
      'disputeId' in ref
        ? sql`r.id = ${ref.disputeId}`
        : sql`si.id = ${ref.invoiceId} AND r.id = (SELECT f.id FROM payment_reversals f
            WHERE f.payment_intent = si.payment_intent AND f.kind = 'dispute' ORDER BY f.created_at, f.id LIMIT 1)`
    } AND r.kind = 'dispute' AND ${applicable} ${extra}`,
});

/**
 * Claws back the disputed share of a granted period once per dispute (the same rule as a refund's,
 * on its own: Stripe disputes at most what was not refunded). Commit `subscriptionDisputeReversalMove`
 * after it in the same batch when the dispute is won: "won" before "created" nets to zero.
 */
export function subscriptionDisputeMove(ref: SubscriptionDisputeRef): Move {
  const share = takes(sql`r.amount`);
  return disputeClawbackMove(disputedPeriod(ref), liveLot, sql`-${share}`, sql`AND ${share} > 0`);
}

/** Gives back exactly what a won dispute took, to the lots it took it from. */
export function subscriptionDisputeReversalMove(ref: SubscriptionDisputeRef): Move {
  return disputeGiveBackMove(disputedPeriod(ref));
}
