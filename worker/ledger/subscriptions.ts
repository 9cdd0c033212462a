// The ledger moves that grant subscription periods. Each reads its amounts from our own
// subscription_invoices row (what the plan grants, its rollover cap, its period), never from an
// event body, and is keyed so that any number of deliveries, in any order, applies it once. A grant
// is one batch: carry the rollover, expire the earlier allowance, grant the new one. The moves read
// the invoice row; linking it to its grant is its owner's statement (subscriptions/invoices.ts),
// batched right after them. (Refunds and disputes of a period: subscription-reversals.ts.)
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
 * What lot `l` left unused when it ended: what it holds, or what its `expire` entries took if the
 * sweep got there first (Stripe pays a renewal up to an hour after the period ends), so the
 * rollover never depends on that race.
 */
const unusedOf = sql`(l.remaining + COALESCE((SELECT -SUM(d.delta) FROM lot_draws d
  JOIN ledger_entries x ON x.id = d.entry_id WHERE d.lot_id = l.id AND x.kind = 'expire'), 0))`;

/** What this invoice's rollover carried so far (its carries run one per source lot, same batch). */
const carried = sql`(SELECT COALESCE(SUM(c.delta), 0) FROM ledger_entries c WHERE c.user_id = si.user_id
  AND c.kind = 'subscription' AND c.reference = si.id AND c.idempotency_key <> 'subscription:' || si.id)`;

const carryKey = sql`'rollover:' || si.id || ':' || l.id`;

/**
 * The newest subscription lot ending as this period starts that still has credit to carry and was
 * not carried from yet. Newest first: the spending order drains the older (carried) lot of a
 * period before its allowance, so what is left at its end is mostly the newest credit.
 */
const carrySource = sql`(SELECT l.id FROM lots l WHERE l.user_id = si.user_id AND l.source = 'subscription'
  AND l.expires_at = si.period_start AND ${unusedOf} > 0 AND NOT EXISTS (SELECT 1 FROM ledger_entries c
    WHERE c.user_id = l.user_id AND c.idempotency_key = ${carryKey}) ORDER BY l.id DESC LIMIT 1)`;

/**
 * Up to what is left of the `rollover` cap, one earlier lot's unused credit into a lot ending with
 * this period. The entry records, in `source_entry_id`, the grant whose period the credit is
 * (its source lot's own record, or that grant itself): a refund or dispute of that period follows
 * it here (ledger/subscription-reversals.ts), however many renewals carry it on.
 */
function rolloverMove(invoiceId: string, userId: string): Move {
  return {
    kind: 'subscription',
    user: userId,
    reference: invoiceId,
    idempotencyKey: carryKey,
    delta: sql`MIN(si.rollover - ${carried}, ${unusedOf})`,
    sourceEntryId: sql`COALESCE(o.source_entry_id, o.id)`,
    expiresAt: sql`si.period_end`,
    from: sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id JOIN lots l ON l.id = ${carrySource}
      JOIN ledger_entries o ON o.id = l.entry_id
      WHERE si.id = ${invoiceId} AND si.rollover > ${carried} AND NOT ${granted} AND NOT ${stale}`,
  };
}

/** Same key scheme as the sweep's expireLotMove: a lot swept and expired here writes one entry. */
const expireKey = sql`'expire:' || l.id || ':' || (SELECT COUNT(*) FROM lot_draws d WHERE d.lot_id = l.id)`;

/** Empties the lot `l` the FROM finds (what is left in it expires, under the sweep's own key). */
const expireLotMove = (userId: string, from: SQL): Move => ({
  kind: 'expire',
  user: userId,
  reference: sql`l.reference`,
  idempotencyKey: expireKey,
  lotId: sql`l.id`,
  delta: sql`-l.remaining`,
  from,
});

/** Empties the user's oldest subscription lot that ended by this period's start (one per move). */
function expireEarlierMove(invoiceId: string, userId: string): Move {
  const earliest = sql`(SELECT e.id FROM lots e WHERE e.user_id = si.user_id AND e.source = 'subscription'
    AND e.remaining > 0 AND e.expires_at <= si.period_start ORDER BY e.id LIMIT 1)`;
  return expireLotMove(
    userId,
    sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id JOIN lots l ON l.id = ${earliest}
      WHERE si.id = ${invoiceId} AND NOT ${granted} AND NOT ${stale}`,
  );
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
  return expireLotMove(
    userId,
    sql`FROM subscription_invoices si JOIN users u ON u.id = si.user_id
      JOIN ledger_entries g ON g.user_id = u.id AND g.idempotency_key = 'subscription:' || si.id
      JOIN lots l ON l.entry_id = g.id
      WHERE si.id = ${invoiceId} AND l.remaining > 0 AND l.expires_at <= ${now}`,
  );
}

/**
 * The steps that grant a recorded subscription invoice once: rollover, expiry of the earlier
 * allowance, the grant, and (for a late one) its expiry, in this order in one batch. Replays
 * apply nothing: every move is keyed, and the first three check the grant is not there yet. The
 * owner follows them with its statement linking the row to the grant (`entry_id`).
 */
export function subscriptionGrantSteps(invoiceId: string, userId: string, now: number): Step[] {
  return [
    // A period ends with its allowance and the lots carried into it; three carries cover them
    // (the cap is usually reached by the allowance alone).
    ...Array.from({ length: 3 }, () => ({ move: rolloverMove(invoiceId, userId) })),
    // Two lots end with a period at most (the allowance and its rollover); four leaves room for
    // lots an earlier late grant left behind.
    ...Array.from({ length: 4 }, () => ({ move: expireEarlierMove(invoiceId, userId) })),
    { move: grantMove(invoiceId, userId, now) },
    { move: expireOwnLotMove(invoiceId, userId, now) },
  ];
}
