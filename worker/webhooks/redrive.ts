// The redrive: (event, endpoint) pairs owed a delivery whose queue message is gone (Miniflare's
// in-memory queue stopped mid-retry, retries exhausted, a consumer crash) go back on the queue with
// the same message, so the same webhook-id. Run by the cron every minute after the drain. The state
// is webhook_owed (written by drain.ts, moved on by delivery.ts): each row says by when a live
// message should have been attempted again, so the cron reads only overdue rows (O(owed pairs)).
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';

/**
 * Slack past the expected attempt before a pair counts as lost: the cron runs every minute and a
 * busy queue or a slow receiver (10 s timeout) delays an attempt; a late redrive costs only latency,
 * an early one a duplicate (receivers dedupe, but keep them rare).
 */
export const REDRIVE_GRACE_MS = 60_000;
/** One (event, endpoint) pair: drain.ts's WebhookMessage, restated here so the two import one way. */
export interface OwedPair {
  eventId: string;
  endpointId: string;
}
/** Cloudflare Queues takes at most 100 messages per sendBatch. */
const SEND_CHUNK = 100;

/** When a message to be attempted after `delaySeconds` (0: at once) counts as lost: twice its wait plus the grace. */
export const lostAfter = (now: number, delaySeconds: number) => now + 2 * delaySeconds * 1000 + REDRIVE_GRACE_MS;

/** Marks messages about to be sent as owed (drain.ts): an existing row (a re-drain) just waits again. */
export const oweStatement = (messages: OwedPair[], now: number) =>
  sql`INSERT INTO webhook_owed (event_id, endpoint_id, first_at, due_at)
      SELECT json_extract(value, '$.eventId'), json_extract(value, '$.endpointId'), ${now}, ${lostAfter(now, 0)}
      FROM json_each(${JSON.stringify(messages)}) WHERE true
      ON CONFLICT (event_id, endpoint_id) DO UPDATE SET due_at = excluded.due_at`;

/** Paid (delivered), or nothing more to send (endpoint gone or disabled): no longer owed. */
export const settledStatement = (message: OwedPair) =>
  sql`DELETE FROM webhook_owed WHERE event_id = ${message.eventId} AND endpoint_id = ${message.endpointId}`;

/**
 * A failed attempt the queue retries after `delaySeconds`. An UPDATE, never an insert: a pair
 * already delivered (its row deleted by a parallel success, say a resend) stays settled.
 */
export const retryingStatement = (message: OwedPair, now: number, delaySeconds: number) =>
  sql`UPDATE webhook_owed SET due_at = ${lostAfter(now, delaySeconds)}
      WHERE event_id = ${message.eventId} AND endpoint_id = ${message.endpointId}`;

export interface RedriveResult {
  redriven: OwedPair[];
  /** Rows dropped because the pair was first enqueued longer ago than the disable window. */
  expired: number;
}

/**
 * Re-enqueues overdue pairs whose endpoint is enabled and still subscribed to the event's type,
 * pushing each one's due time first (so the next minute's cron does not send it again, and two
 * racing crons send it once). Pairs older than `windowMs` (the disable window: an endpoint failing
 * that long is disabled) are given up. A disabled endpoint's rows are skipped, not deleted: enabled
 * again within the window, it gets them.
 */
export async function redrive(
  db: Db,
  queue: Queue,
  now: number,
  windowMs: number,
  limit = 500,
): Promise<RedriveResult> {
  const [expired, due] = (await runBatch(db, [
    sql`DELETE FROM webhook_owed WHERE first_at <= ${now - windowMs} RETURNING event_id`,
    sql`UPDATE webhook_owed SET due_at = ${lostAfter(now, 0)}, redriven = redriven + 1
        WHERE rowid IN (
          SELECT o.rowid FROM webhook_owed o
          JOIN webhook_events e ON e.id = o.event_id
          JOIN webhook_endpoints w ON w.id = o.endpoint_id
          WHERE o.due_at <= ${now} AND e.enqueued_at IS NOT NULL
            AND w.deleted_at IS NULL AND w.disabled_at IS NULL
            AND (w.events IS NULL OR EXISTS (SELECT 1 FROM json_each(w.events) WHERE value = e.type))
          ORDER BY o.due_at LIMIT ${limit})
        RETURNING event_id, endpoint_id`,
  ])) as unknown as [{ event_id: string }[], { event_id: string; endpoint_id: string }[]];
  const redriven = due.map((r) => ({ eventId: r.event_id, endpointId: r.endpoint_id }));
  // A failed send loses nothing: the rows wait one more grace, then the next cron tries again.
  for (let i = 0; i < redriven.length; i += SEND_CHUNK) {
    await queue.sendBatch(redriven.slice(i, i + SEND_CHUNK).map((body) => ({ body })));
  }
  return { redriven, expired: expired.length };
}
