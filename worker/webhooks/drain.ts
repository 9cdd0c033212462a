// The outbox's drain: events not yet on the queue become one message per (event, subscribed
// endpoint), then are marked enqueued. Kicked after every commit (in waitUntil, never in the money
// path's response) and every minute by the cron, the safety net. A drain first leases its rows for a
// minute, so two drains racing send each event once; one that dies after sending re-sends after the
// lease (at least once; receivers dedupe by webhook-id), and one that dies before loses nothing.
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { RECEIVER_EXISTS, RECEIVING } from '../db/webhook-receivers';
import { oweStatement } from './redrive';

/** One delivery to make: the queue's message body. */
export interface WebhookMessage {
  eventId: string;
  endpointId: string;
}

export const LEASE_MS = 60_000;
/** Cloudflare Queues takes at most 100 messages per sendBatch. */
const SEND_CHUNK = 100;

export interface DrainResult {
  events: number;
  messages: number;
}

export async function drainOutbox(db: Db, queue: Queue, now = Date.now(), limit = 200): Promise<DrainResult> {
  const [events, endpoints] = (await runBatch(db, [
    sql`UPDATE webhook_events SET claimed_until = ${now + LEASE_MS}
        WHERE id IN (SELECT id FROM webhook_events WHERE enqueued_at IS NULL
          AND (claimed_until IS NULL OR claimed_until < ${now}) ORDER BY created_at LIMIT ${limit})
        RETURNING id, type`,
    // Endpoints subscribed at drain time: one added after the event still gets it if not yet drained.
    sql`SELECT id, events FROM webhook_endpoints WHERE ${RECEIVING}`,
  ])) as unknown as [{ id: string; type: string }[], { id: string; events: string | null }[]];
  if (events.length === 0) return { events: 0, messages: 0 };
  const subscribed = endpoints.map((e) => ({
    id: e.id,
    types: e.events === null ? null : new Set(JSON.parse(e.events)),
  }));
  const messages: { body: WebhookMessage }[] = [];
  for (const event of events) {
    for (const endpoint of subscribed) {
      if (endpoint.types === null || endpoint.types.has(event.type)) {
        messages.push({ body: { eventId: event.id, endpointId: endpoint.id } });
      }
    }
  }
  // Owed before sent: the consumer may settle a message before this drain's next statement, and a
  // row written after that would be redriven though delivered. Unsent (the send failed), the row
  // waits for the re-drain after the lease; the redrive skips events not yet marked enqueued.
  if (messages.length > 0)
    await db.run(
      oweStatement(
        messages.map((m) => m.body),
        now,
      ),
    );
  for (let i = 0; i < messages.length; i += SEND_CHUNK) await queue.sendBatch(messages.slice(i, i + SEND_CHUNK));
  await db.run(
    sql`UPDATE webhook_events SET enqueued_at = ${now}
        WHERE id IN (SELECT value FROM json_each(${JSON.stringify(events.map((e) => e.id))}))`,
  );
  return { events: events.length, messages: messages.length };
}

/**
 * Whether any endpoint could receive events, remembered by this isolate for a few seconds: with none
 * (most deployments until an app subscribes; the bench), a commit starts no drain at all, so money
 * paths pay nothing for webhooks out but the outbox rows in their own batch. Making an endpoint here
 * forgets it at once; another isolate learns within the window, and the cron drains every minute.
 */
const ENDPOINTS_KNOWN_MS = 10_000;
let endpointsKnown: { at: number; any: boolean } | undefined;

export function forgetEndpointsKnown(): void {
  endpointsKnown = undefined;
}

async function anyEndpoint(db: Db, now: number): Promise<boolean> {
  if (endpointsKnown && now - endpointsKnown.at < ENDPOINTS_KNOWN_MS) return endpointsKnown.any;
  const [row] = await db.all<{ any: number }>(sql`SELECT ${RECEIVER_EXISTS} AS any`);
  endpointsKnown = { at: now, any: row?.any === 1 };
  return endpointsKnown.any;
}

/** After a commit, in waitUntil: drains if any endpoint can receive; a failure is left to the next one or the cron. */
export async function kickDrain(db: Db, queue: Queue, now = Date.now()): Promise<void> {
  try {
    if (await anyEndpoint(db, now)) await drainOutbox(db, queue, now);
  } catch (err) {
    console.error(JSON.stringify({ msg: 'webhook_drain_failed', error: String(err) }));
  }
}
