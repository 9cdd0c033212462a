// The queue's consumer: POSTs one event to one endpoint, signed (signing.ts), with a 10 s timeout,
// records the attempt for the deliveries log, and answers what the queue should do: done, or retry
// after a backoff (non-2xx, timeout, refused). An endpoint failing without a success for 3 days is
// disabled. The D1 rows are the record; the queue is only transport (drain.ts).
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import type { WebhookMessage } from './drain';
import { retryingStatement, settledStatement } from './redrive';
import { signedHeaders } from './signing';

export const DELIVERY_TIMEOUT_MS = 10_000;
export const DISABLE_AFTER_MS = 3 * 24 * 60 * 60 * 1000;
/** The longest wait between two attempts (Queues allows up to 12 h). */
const MAX_DELAY_SECONDS = 4 * 60 * 60;

export type DeliveryOutcome =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'retry'; delaySeconds: number; status: number | null }
  | { outcome: 'disabled'; status: number | null }
  /** The endpoint was deleted or disabled, or the event is gone: nothing more to do. */
  | { outcome: 'dropped' };

export interface DeliveryConfig {
  /** The first retry's delay; each later one doubles (WEBHOOK_RETRY_BASE_SECONDS). */
  retryBaseSeconds: number;
  /** How long an endpoint fails without a success before it is disabled (WEBHOOK_DISABLE_AFTER_SECONDS; 3 days). */
  disableAfterMs?: number;
  fetcher?: typeof fetch;
}

export const retryDelay = (base: number, attempt: number) =>
  Math.min(MAX_DELAY_SECONDS, Math.max(1, Math.round(base * 2 ** Math.max(0, attempt - 1))));

interface Loaded {
  id: string;
  type: string;
  data: string;
  created_at: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: number | null;
  failing_since: number | null;
}

/** `attempt` counts from 1 (the queue's message.attempts). */
export async function deliverOne(
  db: Db,
  message: WebhookMessage,
  attempt: number,
  config: DeliveryConfig,
  now = Date.now(),
): Promise<DeliveryOutcome> {
  const [row] = await db.all<Loaded>(
    sql`SELECT e.id, e.type, e.data, e.created_at, w.url, w.secret, w.previous_secret, w.previous_secret_until,
          w.failing_since
        FROM webhook_events e JOIN webhook_endpoints w ON w.id = ${message.endpointId}
        WHERE e.id = ${message.eventId} AND w.deleted_at IS NULL AND w.disabled_at IS NULL`,
  );
  if (!row) {
    // Nothing more will be sent for this pair: the redrive must not keep it owed.
    await db.run(settledStatement(message));
    return { outcome: 'dropped' };
  }
  // The body is fixed by the event (its timestamp is when the change committed), so every
  // attempt sends the same bytes; only webhook-timestamp and the signature are new.
  const body = JSON.stringify({
    type: row.type,
    timestamp: new Date(row.created_at).toISOString(),
    data: JSON.parse(row.data),
  });
  const headers = await signedHeaders(signingSecrets(row, now), `msg_${row.id}`, Math.floor(now / 1000), body);
  const { status, error } = await post(config.fetcher ?? fetch, row.url, headers, body);
  const ok = status !== null && status >= 200 && status < 300;
  const failingSince = ok ? null : (row.failing_since ?? now);
  const disableAfterMs = config.disableAfterMs ?? DISABLE_AFTER_MS;
  const disable = !ok && now - (failingSince as number) >= disableAfterMs;
  const reason = `every delivery failed for ${span(disableAfterMs)} (last: ${error ?? status})`;
  const delaySeconds = retryDelay(config.retryBaseSeconds, attempt);
  await runBatch(db, [
    // The log numbers attempts per (endpoint, event), not per queue message: a resent message
    // (resend.ts) is a new queue message whose attempts restart at 1, but it is the next attempt.
    sql`INSERT INTO webhook_deliveries (endpoint_id, event_id, attempt, status, response_code, error, at)
        SELECT ${message.endpointId}, ${row.id}, COALESCE(MAX(attempt), 0) + 1, ${ok ? 'delivered' : 'failed'},
          ${status}, ${error}, ${now}
        FROM webhook_deliveries WHERE endpoint_id = ${message.endpointId} AND event_id = ${row.id}`,
    ok
      ? sql`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ${message.endpointId}`
      : sql`UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, ${now}),
            disabled_at = CASE WHEN ${disable ? 1 : 0} THEN ${now} END,
            disabled_reason = CASE WHEN ${disable ? 1 : 0} THEN ${reason} END
          WHERE id = ${message.endpointId} AND disabled_at IS NULL`,
    // The redrive's record (redrive.ts): settled, or by when the queue's retry should come.
    ok || disable ? settledStatement(message) : retryingStatement(message, now, delaySeconds),
  ]);
  if (ok) return { outcome: 'delivered', status };
  if (disable) return { outcome: 'disabled', status };
  return { outcome: 'retry', delaySeconds, status };
}

/** "3 days", or seconds for a window compressed by configuration (tests, a dev stack). */
const span = (ms: number) => (ms % 86_400_000 === 0 ? `${ms / 86_400_000} days` : `${Math.round(ms / 1000)} s`);

/** The current secret, and the one a rotation replaced while its overlap lasts. */
const signingSecrets = (row: Loaded, now: number): string[] =>
  row.previous_secret !== null && row.previous_secret_until !== null && now < row.previous_secret_until
    ? [row.secret, row.previous_secret]
    : [row.secret];

async function post(
  fetcher: typeof fetch,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number | null; error: string | null }> {
  try {
    // No redirects: a 3xx is a failure to fix at the endpoint, never a hop to somewhere else.
    const res = await fetcher(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await res.body?.cancel();
    return { status: res.status, error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}` };
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { status: null, error: timedOut ? 'timeout' : 'connection failed' };
  }
}

/** The Worker's queue() handler: each message delivered once per call, then acked or retried. */
export async function deliverBatch(db: Db, batch: MessageBatch<WebhookMessage>, env: Env): Promise<void> {
  const retryBaseSeconds = Number(env.WEBHOOK_RETRY_BASE_SECONDS) || 60;
  const disableAfterMs = (Number(env.WEBHOOK_DISABLE_AFTER_SECONDS) || DISABLE_AFTER_MS / 1000) * 1000;
  // In parallel: one slow endpoint must not hold the others' messages for its 10 s.
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const result = await deliverOne(db, message.body, message.attempts, { retryBaseSeconds, disableAfterMs });
        if (result.outcome === 'retry') message.retry({ delaySeconds: result.delaySeconds });
        else message.ack();
      } catch (err) {
        // D1 or the runtime failed us, not the endpoint: try again soon, counting nothing against it.
        console.error(JSON.stringify({ msg: 'webhook_delivery_failed', ...message.body, error: String(err) }));
        message.retry({ delaySeconds: retryDelay(retryBaseSeconds, 1) });
      }
    }),
  );
}
