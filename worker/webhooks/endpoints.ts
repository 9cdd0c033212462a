// The app's webhook endpoints (webhook_endpoints): created with a fresh Standard Webhooks secret
// (shown once), listed, deleted (kept, marked, so in-flight messages find it and stop), and their
// delivery log. The secret is stored as issued: signing needs the key itself (docs/security.md).
// Each change takes `also`: statements run right after it in its batch (the console's audit row).
import { type SQL, sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { isoDates, isoOrNull, type Stored } from '../db/dates';
import { newestFirstPage } from '../db/paging';
import type { WebhookEventType } from '../vocabulary/webhook-events';
import { forgetEndpointsKnown } from './drain';

export interface Endpoint {
  id: string;
  url: string;
  /** Null: every type. */
  events: WebhookEventType[] | null;
  description: string;
  createdAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface EndpointRow {
  id: string;
  url: string;
  events: string | null;
  description: string;
  secret: string;
  created_at: number;
  failing_since: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
}

export const toEndpoint = (row: EndpointRow): Endpoint => ({
  id: row.id,
  url: row.url,
  events: row.events === null ? null : (JSON.parse(row.events) as WebhookEventType[]),
  description: row.description,
  createdAt: new Date(row.created_at).toISOString(),
  disabledAt: isoOrNull(row.disabled_at),
  disabledReason: row.disabled_reason,
});

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** `whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...bytes))}`;
}

export async function createEndpoint(
  db: Db,
  input: { url: string; events: WebhookEventType[] | null; description: string },
  now = Date.now(),
  also: (endpointId: string) => SQL[] = () => [],
): Promise<{ endpoint: Endpoint; secret: string }> {
  const id = `we_${hex(crypto.getRandomValues(new Uint8Array(12)))}`;
  const secret = newSecret();
  const events = input.events === null ? null : JSON.stringify([...new Set(input.events)]);
  const [[row]] = (await runBatch(db, [
    sql`INSERT INTO webhook_endpoints (id, url, events, description, secret, created_at)
        VALUES (${id}, ${input.url}, ${events}, ${input.description}, ${secret}, ${now}) RETURNING *`,
    ...also(id),
  ])) as unknown as [[EndpointRow]];
  forgetEndpointsKnown(); // this isolate's commits start draining to it at once
  return { endpoint: toEndpoint(row), secret };
}

export async function listEndpoints(db: Db): Promise<Endpoint[]> {
  const rows = await db.all<EndpointRow>(
    sql`SELECT * FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at DESC, id`,
  );
  return rows.map(toEndpoint);
}

export type DeleteOutcome = 'deleted' | 'not_found';

export async function deleteEndpoint(db: Db, id: string, now = Date.now(), also: SQL[] = []): Promise<DeleteOutcome> {
  const [rows] = await runBatch(db, [
    sql`UPDATE webhook_endpoints SET deleted_at = ${now} WHERE id = ${id} AND deleted_at IS NULL RETURNING id`,
    ...also,
  ]);
  return (rows?.length ?? 0) > 0 ? 'deleted' : 'not_found';
}

export interface Delivery {
  messageId: string;
  type: string;
  attempt: number;
  status: string;
  responseCode: number | null;
  at: string;
}

/** Newest first, 50 a page; the cursor is the last row's id. Null when the endpoint is unknown. */
export async function listDeliveries(
  db: Db,
  endpointId: string,
  cursor: number | null,
  limit = 50,
): Promise<{ deliveries: Delivery[]; nextCursor: string | null } | null> {
  const [found] = await db.all(sql`SELECT 1 FROM webhook_endpoints WHERE id = ${endpointId} AND deleted_at IS NULL`);
  if (!found) return null;
  const rows = await db.all<Stored<Delivery, 'at'> & { id: number }>(
    sql`SELECT d.id, 'msg_' || d.event_id AS messageId, e.type, d.attempt, d.status, d.response_code AS responseCode, d.at
        FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
        WHERE d.endpoint_id = ${endpointId} AND (${cursor} IS NULL OR d.id < ${cursor})
        ORDER BY d.id DESC LIMIT ${limit + 1}`,
  );
  const { page, nextCursor } = newestFirstPage(rows, limit, (r) => r.id);
  return {
    deliveries: page.map(({ id, ...delivery }) => isoDates(delivery, 'at')),
    nextCursor,
  };
}
