// The outbox's ledger side: the statements commit() runs after a commit's steps, in its own
// batch, so an entry and the webhook events reporting it commit together or not at all (a change
// without its event, or an event without its change, cannot exist). The events are delivered later
// by worker/webhooks (API.md "Events to your app").
import { type SQL, sql } from 'drizzle-orm';
import { RECEIVER_EXISTS } from '../db/webhook-receivers';
import { spendableSql } from './state';

let lowBalanceDefault = 100;

/**
 * Sets `balance.low`'s threshold for users with none of their own (PUT /api/v1/users/{id}/alerts)
 * from the deployment's LOW_BALANCE_CREDITS. The ledger's callers pass no env down (and must not
 * need to: every move reports its events, whoever commits it), so the Worker's entry points (the
 * db middleware, the cron, the queue) set it from their env; it is the same for the whole isolate.
 */
export function configureLowBalanceDefault(value: string | undefined): void {
  const configured = Number(value);
  lowBalanceDefault =
    value !== undefined && value !== '' && Number.isInteger(configured) && configured >= 0 ? configured : 100;
}

export const defaultLowBalance = () => lowBalanceDefault;

/** The event a ledger kind reports (`release` only when its hold expired; spends report crossings only). */
const typeOfEntry = sql`CASE s.kind
    WHEN 'purchase' THEN CASE WHEN EXISTS (SELECT 1 FROM auto_topup_attempts a WHERE a.payment_intent_id = s.reference)
      THEN 'credits.granted' ELSE 'credits.purchased' END
    WHEN 'grant' THEN 'credits.granted'
    WHEN 'subscription' THEN 'credits.granted'
    WHEN 'refund' THEN 'credits.reversed'
    WHEN 'dispute' THEN 'credits.reversed'
    WHEN 'expire' THEN 'credits.expired'
    WHEN 'release' THEN CASE WHEN s.hold_expired THEN 'hold.expired' END
  END`;

/**
 * Each type's own `data` fields (API.md), merged over the common ones. A purchase with no Checkout
 * Session is an auto top-up's off-session charge: API.md reports it as `credits.granted` with source
 * `auto_topup` (besides `auto_topup.succeeded`, written by worker/autotopup).
 */
const extraOfEntry = sql`CASE s.kind
    WHEN 'purchase' THEN COALESCE((SELECT json_object('sessionId', cs.id, 'packId', cs.pack_id, 'credits', s.delta,
      'amount', cs.amount, 'currency', cs.currency) FROM checkout_sessions cs WHERE cs.id = s.reference),
      json_object('source', 'auto_topup', 'credits', s.delta, 'reason', s.reference))
    WHEN 'grant' THEN json_object('source', 'grant', 'credits', s.delta, 'reason', s.reference)
    WHEN 'subscription' THEN json_object('source', 'subscription', 'credits', s.delta, 'reason', s.reference)
    WHEN 'refund' THEN json_object('cause', 'refund', 'credits', s.delta)
    WHEN 'dispute' THEN json_object('cause', 'dispute', 'credits', s.delta)
    WHEN 'expire' THEN json_object('lotId', s.lot_id, 'credits', s.delta)
    WHEN 'release' THEN (SELECT json_object('holdId', h.id, 'amount', h.amount) FROM holds h WHERE h.id = s.hold_id)
  END`;

// Events are written while some endpoint can receive them (RECEIVER_EXISTS, db/webhook-receivers.ts):
// with none (a deployment no app has subscribed yet, the bench) both statements stop at that check,
// so the money path pays almost nothing for webhooks out. An endpoint made later receives what
// happens from then on, as Stripe's do.
//
// Both run ONCE per commit, after all its steps (not a pair after every move): each statement in a
// D1 batch costs ~0.2 ms however little it does, and a purchase's batch has four moves of which
// usually one applies (issue 19 item 10). A commit's entries are found without any marker: D1 runs
// one write transaction at a time and ids are AUTOINCREMENT, so the entries this commit inserted
// are the newest rows, at most `moveCount` of them, and they are its users' and of its `now`.

/**
 * The events of the entries this commit inserted: each its own type; and per user, `balance.low`
 * / `balance.depleted` on their newest entry of the commit when they were armed before it and their
 * spendable credits are now below the line. A commit is atomic: a dip inside it that it also
 * undoes (credited, then clawed back to where it was) is not a crossing anyone could have seen.
 * A range row that is not this commit's (a move refused, or its key replayed) is an older entry of
 * the same millisecond that already reported, and the unique `dedupe_key` (`entry:{id}:{type}`)
 * keeps it from reporting twice.
 */
export function outboxAfterCommit(users: SQL, moveCount: number, now: number): SQL {
  const threshold = defaultLowBalance();
  return sql`INSERT INTO webhook_events (id, dedupe_key, user_id, type, data, created_at)
    WITH e AS MATERIALIZED (
      SELECT * FROM ledger_entries WHERE ${RECEIVER_EXISTS}
        AND id > (SELECT MAX(id) FROM ledger_entries) - ${moveCount} AND created_at = ${now}
        AND user_id IN (${users})
    ), s AS (
      SELECT e.id, e.user_id, e.delta, e.balance_after, e.version, e.kind, e.reference, e.lot_id, e.hold_id,
        u.external_id,
        e.id = (SELECT MAX(n.id) FROM e n WHERE n.user_id = e.user_id) AS newest,
        (SELECT h.expires_at <= ${now} FROM holds h WHERE h.id = e.hold_id) AS hold_expired,
        ${spendableSql(now)} AS spendable,
        COALESCE(a.low_balance, ${threshold}) AS threshold,
        COALESCE(a.low_armed, 0) AS low_armed,
        COALESCE(a.depleted_armed, 0) AS depleted_armed
      FROM e JOIN users u ON u.id = e.user_id LEFT JOIN balance_alerts a ON a.user_id = e.user_id
    ), t AS (
      SELECT s.*, ${typeOfEntry} AS type, ${extraOfEntry} AS extra FROM s
      UNION ALL SELECT s.*, 'balance.low', json_object('threshold', s.threshold) FROM s
        WHERE s.newest AND s.low_armed = 1 AND s.threshold > 0 AND s.spendable < s.threshold
      UNION ALL SELECT s.*, 'balance.depleted', json_object() FROM s
        WHERE s.newest AND s.depleted_armed = 1 AND s.spendable <= 0
    )
    SELECT lower(hex(randomblob(12))), 'entry:' || t.id || ':' || t.type, t.user_id, t.type,
      json_patch(json_object('userId', t.user_id, 'externalId', t.external_id, 'balance', t.balance_after,
        'version', t.version), COALESCE(t.extra, json_object())),
      ${now}
    FROM t WHERE t.type IS NOT NULL ORDER BY t.id
    ON CONFLICT DO NOTHING`;
}

/**
 * Re-arms or disarms each user's alerts after their newest entry, once per commit (after
 * outboxAfterCommit, which reads the state from before it): armed while spendable credits are at
 * or above the line. `last_entry_id` is the watermark: a commit that applied nothing leaves the
 * state alone, so credit that expired by time (no entry yet) still fires at the sweep's entry.
 * D1 runs one transaction at a time, so of 50 racing spends exactly one sees the user armed.
 */
export function armAlertsAfterCommit(users: SQL, now: number): SQL {
  const threshold = defaultLowBalance();
  const newest = sql`(SELECT MAX(le.id) FROM ledger_entries le WHERE le.user_id = u.id)`;
  return sql`INSERT INTO balance_alerts (user_id, low_armed, depleted_armed, last_entry_id)
    SELECT u.id, ${spendableSql(now)} >= COALESCE(a.low_balance, ${threshold}), ${spendableSql(now)} > 0, ${newest}
    FROM users u LEFT JOIN balance_alerts a ON a.user_id = u.id
    WHERE ${RECEIVER_EXISTS} AND u.id IN (${users}) AND ${newest} > COALESCE(a.last_entry_id, 0)
    ON CONFLICT (user_id) DO UPDATE SET low_armed = excluded.low_armed,
      depleted_armed = excluded.depleted_armed, last_entry_id = excluded.last_entry_id`;
}
