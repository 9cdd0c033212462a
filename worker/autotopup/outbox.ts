// The outbox's auto top-up side: `auto_topup.succeeded` / `auto_topup.failed` (API.md "Events to your
// app"), written in the same batch as the attempt's settlement, once per attempt (the dedupe key).
import { type SQL, sql } from 'drizzle-orm';

const common = sql`'userId', u.id, 'externalId', u.external_id, 'balance', u.credits, 'version', u.version`;

/** After the attempt was credited (same batch): once, whichever of the answer and the webhook settled it. */
export function topupSucceededSql(paymentIntent: string, now: number): SQL {
  return sql`INSERT INTO webhook_events (id, dedupe_key, user_id, type, data, created_at)
    SELECT lower(hex(randomblob(12))), 'auto_topup:' || a.id || ':succeeded', a.user_id, 'auto_topup.succeeded',
      json_object(${common}, 'attemptId', a.id, 'paymentIntentId', a.payment_intent_id, 'packId', a.pack_id,
        'credits', a.credits, 'amount', a.amount_cents, 'currency', a.currency),
      ${now}
    FROM auto_topup_attempts a JOIN users u ON u.id = a.user_id
    WHERE a.payment_intent_id = ${paymentIntent} AND a.status = 'succeeded'
    ON CONFLICT DO NOTHING`;
}

/** After the attempt was marked failed (same batch). */
export function topupFailedSql(attemptId: SQL | string, now: number): SQL {
  return sql`INSERT INTO webhook_events (id, dedupe_key, user_id, type, data, created_at)
    SELECT lower(hex(randomblob(12))), 'auto_topup:' || a.id || ':failed', a.user_id, 'auto_topup.failed',
      json_object(${common}, 'attemptId', a.id, 'paymentIntentId', a.payment_intent_id, 'packId', a.pack_id,
        'reason', a.failure_code),
      ${now}
    FROM auto_topup_attempts a JOIN users u ON u.id = a.user_id
    WHERE a.id = (${attemptId}) AND a.status = 'failed'
    ON CONFLICT DO NOTHING`;
}

/** The month's limit stopped a top-up before any attempt: one event per user and month. */
export function limitReachedSql(userId: string, month: string, now: number, when: SQL): SQL {
  return sql`INSERT INTO webhook_events (id, dedupe_key, user_id, type, data, created_at)
    SELECT lower(hex(randomblob(12))), 'auto_topup:' || u.id || ':limit:' || ${month}, u.id, 'auto_topup.failed',
      json_object(${common}, 'reason', 'limit_reached', 'month', ${month}),
      ${now}
    FROM users u WHERE u.id = ${userId} AND ${when}
    ON CONFLICT DO NOTHING`;
}
