// Resending one message: the event goes back on the queue for that endpoint, with the same
// webhook-id and body as before (the message is (event, endpoint); delivery.ts signs it afresh),
// so a receiver that already handled it dedupes it and one that lost it gets it again.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { WebhookMessage } from './drain';
import { oweStatement } from './redrive';

export type ResendOutcome =
  | { outcome: 'queued'; messageId: string }
  | { outcome: 'endpoint_not_found' }
  | { outcome: 'message_not_found' }
  | { outcome: 'endpoint_disabled' };

const MESSAGE_ID = /^msg_([0-9a-f]{1,64})$/;

/**
 * A message is known to an endpoint when its event exists and is of a type the endpoint receives
 * (so an event from before a re-enable, never attempted, can be resent too). A disabled endpoint
 * is refused: its messages would be dropped unsent (enable it first).
 */
export async function resendMessage(
  db: Db,
  queue: Queue,
  endpointId: string,
  messageId: string,
  now = Date.now(),
): Promise<ResendOutcome> {
  const eventId = MESSAGE_ID.exec(messageId)?.[1] ?? null;
  const [endpoint] = await db.all<{ events: string | null; disabled_at: number | null }>(
    sql`SELECT events, disabled_at FROM webhook_endpoints WHERE id = ${endpointId} AND deleted_at IS NULL`,
  );
  if (!endpoint) return { outcome: 'endpoint_not_found' };
  if (eventId === null) return { outcome: 'message_not_found' };
  const [event] = await db.all<{ type: string }>(sql`SELECT type FROM webhook_events WHERE id = ${eventId}`);
  const types = endpoint.events === null ? null : (JSON.parse(endpoint.events) as string[]);
  if (!event || (types !== null && !types.includes(event.type))) return { outcome: 'message_not_found' };
  if (endpoint.disabled_at !== null) return { outcome: 'endpoint_disabled' };
  const message: WebhookMessage = { eventId, endpointId };
  // Owed again before it is sent (as the drain does): a resend whose message is lost is redriven too.
  await db.run(oweStatement([message], now));
  await queue.send(message);
  return { outcome: 'queued', messageId };
}
