// The outbox's subscription side: `subscription.updated`, written in the same batch as the stored
// subscription change it reports (worker/subscriptions/store.ts), never without it.
import { type SQL, sql } from 'drizzle-orm';

/**
 * Must run directly after the subscriptions upsert: `changes()` is that statement's, so an event
 * older than what is stored (no change) writes nothing. The dedupe key names what was stored (the
 * source time and rank, the plan and the cancel flag), so Stripe repeating one event writes one.
 */
export function subscriptionUpdatedSql(subscriptionId: string, now: number): SQL {
  return sql`INSERT INTO webhook_events (id, dedupe_key, user_id, type, data, created_at)
    SELECT lower(hex(randomblob(12))),
      'subscription:' || s.id || ':' || s.source_at || ':' || s.source_rank || ':' || s.plan_id || ':' || s.cancel_at_period_end,
      s.user_id, 'subscription.updated',
      json_object('userId', u.id, 'externalId', u.external_id, 'balance', u.credits, 'version', u.version,
        'subscriptionId', s.id, 'planId', s.plan_id, 'status', s.status,
        'currentPeriodEnd', strftime('%Y-%m-%dT%H:%M:%fZ', s.current_period_end / 1000.0, 'unixepoch'),
        'cancelAtPeriodEnd', json(CASE WHEN s.cancel_at_period_end THEN 'true' ELSE 'false' END)),
      ${now}
    FROM subscriptions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${subscriptionId} AND changes() = 1 AND s.updated_at = ${now}
    ON CONFLICT DO NOTHING`;
}
