// The ledger moves of subscriptions. Each reads its amounts from our own subscription_invoices row
// (what the plan grants, what the invoice paid, what refunds Stripe reported in payment_reversals),
// never from an event body, and is keyed so that any number of deliveries, in any order, applies it
// once. A grant is one batch: carry the rollover, expire the earlier allowance, grant the new one.
import { type SQL, sql } from 'drizzle-orm';
import type { Move, Step } from './commit';

/** The invoice row and its user, for a move's FROM (ends in a WHERE, as insertEntry needs). */
const invoiceFrom = (invoiceId: string, extra: SQL = sql``) =>
  sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id WHERE si.id = ${invoiceId} ${extra}`;

/** The grant entry of the invoice `si` exists (over `si`, `u`). */
const granted = sql`EXISTS (SELECT 1 FROM ledger_entries g WHERE g.user_id = u.id AND g.idempotency_key = 'subscription:' || si.id)`;

/**
 * A later period of this subscription was already granted: this grant is late and must not extend
 * anything. Per subscription, not per user: a second subscription of the user (to be cancelled and
 * refunded, subscriptions/guard.ts) granted first must not expire the first one's allowance.
 */
const stale = sql`EXISTS (SELECT 1 FROM subscription_invoices o WHERE o.user_id = si.user_id
  AND o.subscription_id = si.subscription_id AND o.period_end > si.period_end AND o.entry_id IS NOT NULL)`;

/**
 * What the previous period left unused: its subscription lots (they expire when this period
 * starts) hold it, or their `expire` entries took it if the sweep got there first (Stripe pays a
 * renewal up to an hour after the period ends), so the rollover never depends on that race.
 */
const unusedAtPeriodStart = sql`(SELECT COALESCE(SUM(l.remaining + COALESCE((SELECT -SUM(d.delta)
    FROM lot_draws d JOIN ledger_entries x ON x.id = d.entry_id
    WHERE d.lot_id = l.id AND x.kind = 'expire'), 0)), 0)
  FROM lots l WHERE l.user_id = u.id AND l.source = 'subscription' AND l.expires_at = si.period_start)`;

/** Same key scheme as the sweep's expireLotMove: a lot swept and expired here writes one entry. */
const expireKey = sql`'expire:' || l.id || ':' || (SELECT COUNT(*) FROM lot_draws d WHERE d.lot_id = l.id)`;

/** Up to `rollover` of the previous period's unused allowance, into a lot ending with this period. */
function rolloverMove(invoiceId: string, userId: string): Move {
  return {
    kind: 'subscription',
    user: userId,
    reference: invoiceId,
    idempotencyKey: `rollover:${invoiceId}`,
    delta: sql`MIN(si.rollover, ${unusedAtPeriodStart})`,
    expiresAt: sql`si.period_end`,
    from: invoiceFrom(
      invoiceId,
      sql`AND si.rollover > 0 AND ${unusedAtPeriodStart} > 0 AND NOT ${granted} AND NOT ${stale}`,
    ),
  };
}

/** Empties the user's oldest subscription lot that ended by this period's start (one per move). */
function expireEarlierMove(invoiceId: string, userId: string): Move {
  const earliest = sql`(SELECT e.id FROM lots e WHERE e.user_id = si.user_id AND e.source = 'subscription'
    AND e.remaining > 0 AND e.expires_at <= si.period_start ORDER BY e.id LIMIT 1)`;
  return {
    kind: 'expire',
    user: userId,
    reference: sql`l.reference`,
    idempotencyKey: expireKey,
    lotId: sql`l.id`,
    delta: sql`-l.remaining`,
    from: sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id JOIN lots l ON l.id = ${earliest}
      WHERE si.id = ${invoiceId} AND NOT ${granted} AND NOT ${stale}`,
  };
}

/** The period's allowance; a late grant (an older period) is recorded but expires at once. */
function grantMove(invoiceId: string, userId: string, now: number): Move {
  return {
    kind: 'subscription',
    user: userId,
    reference: invoiceId,
    idempotencyKey: `subscription:${invoiceId}`,
    delta: sql`si.credits`,
    expiresAt: sql`CASE WHEN ${stale} THEN MIN(si.period_end, ${now}) ELSE si.period_end END`,
    from: invoiceFrom(invoiceId, sql`AND si.credits > 0`),
  };
}

/** Expires the invoice's own lot if it already ended (a stale or very late grant). */
function expireOwnLotMove(invoiceId: string, userId: string, now: number): Move {
  return {
    kind: 'expire',
    user: userId,
    reference: sql`l.reference`,
    idempotencyKey: expireKey,
    lotId: sql`l.id`,
    delta: sql`-l.remaining`,
    from: sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id
      JOIN ledger_entries g ON g.user_id = u.id AND g.idempotency_key = 'subscription:' || si.id
      JOIN lots l ON l.entry_id = g.id
      WHERE si.id = ${invoiceId} AND l.remaining > 0 AND l.expires_at <= ${now}`,
  };
}

/** Links the row to its grant entry (what `stale` and the refunds look for). */
const markGranted = (invoiceId: string): SQL =>
  sql`UPDATE subscription_invoices AS si SET entry_id = (SELECT g.id FROM ledger_entries g
      WHERE g.user_id = si.user_id AND g.idempotency_key = 'subscription:' || si.id)
    WHERE si.id = ${invoiceId} AND si.entry_id IS NULL`;

/**
 * The steps that grant a recorded subscription invoice once: rollover, expiry of the earlier
 * allowance, the grant, and (for a late one) its expiry, in this order in one batch. Replays
 * apply nothing: every move is keyed, and the first three check the grant is not there yet.
 */
export function subscriptionGrantSteps(invoiceId: string, userId: string, now: number): Step[] {
  return [
    { move: rolloverMove(invoiceId, userId) },
    // Two lots end with a period at most (the allowance and its rollover); four leaves room for
    // lots an earlier late grant left behind.
    ...Array.from({ length: 4 }, () => ({ move: expireEarlierMove(invoiceId, userId) })),
    { move: grantMove(invoiceId, userId, now) },
    { move: expireOwnLotMove(invoiceId, userId, now) },
    markGranted(invoiceId),
  ];
}

/** Which invoice a refund is about: by id (when granting) or by its payment (`charge.refunded`). */
export type InvoiceRef = { invoiceId: string } | { paymentIntent: string };

const refWhere = (ref: InvoiceRef) =>
  'invoiceId' in ref ? sql`si.id = ${ref.invoiceId}` : sql`si.payment_intent = ${ref.paymentIntent}`;

/**
 * What refunds of the invoice's payment take back in all: the refunded share of its allowance,
 * never more than the allowance that had not expired (credit that expired unused is not taken
 * twice). Over `si`.
 */
const clawTarget = sql`MIN(
  (si.credits * MIN((SELECT r.amount FROM payment_reversals r WHERE r.id = 'refund:' || si.payment_intent), si.amount)) / si.amount,
  si.credits - COALESCE((SELECT -SUM(d.delta) FROM lot_draws d JOIN ledger_entries x ON x.id = d.entry_id
    JOIN lots l ON l.id = d.lot_id WHERE l.entry_id = si.entry_id AND x.kind = 'expire'), 0))`;

/**
 * Claws back the newly refunded share of a granted invoice's allowance, from its own lot first
 * (the rest, if it was spent, as for packs: other lots, then debt). Pair it with
 * `markSubscriptionRefunded` in the same batch.
 */
export function subscriptionRefundMove(ref: InvoiceRef): Move {
  return {
    kind: 'refund',
    user:
      'invoiceId' in ref
        ? sql`(SELECT user_id FROM subscription_invoices WHERE id = ${ref.invoiceId})`
        : sql`(SELECT user_id FROM subscription_invoices WHERE payment_intent = ${ref.paymentIntent})`,
    reference: sql`si.id`,
    idempotencyKey: sql`'refund:' || si.payment_intent || ':' || (SELECT r.amount FROM payment_reversals r
      WHERE r.id = 'refund:' || si.payment_intent)`,
    lotId: sql`(SELECT l.id FROM lots l WHERE l.entry_id = si.entry_id)`,
    delta: sql`-(${clawTarget} - si.credits_clawed)`,
    from: sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id
      WHERE ${refWhere(ref)} AND si.payment_intent IS NOT NULL AND si.entry_id IS NOT NULL AND si.amount > 0
        AND ${clawTarget} > si.credits_clawed`,
  };
}

/** Records what the refunds took (after `subscriptionRefundMove`, same batch). */
export function markSubscriptionRefunded(ref: InvoiceRef): SQL {
  return sql`UPDATE subscription_invoices AS si SET credits_clawed = ${clawTarget}
    WHERE ${refWhere(ref)} AND si.payment_intent IS NOT NULL AND si.entry_id IS NOT NULL AND si.amount > 0
      AND ${clawTarget} > si.credits_clawed`;
}
