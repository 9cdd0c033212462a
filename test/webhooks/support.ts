// Shared pieces of the webhooks-out tests: reading a user's outbox rows in order, an endpoint at the
// local receiver (test/setup/start-webhook-receiver.ts), and a purchase's event to deliver by hand.
import { env } from 'cloudflare:test';
import { expect, inject } from 'vitest';
import { createEndpoint } from '../../worker/webhooks/endpoints';
import { signUp, testDb } from '../helpers';
import { makeKey, service } from '../service/support';
import { completed, deliver, seedCheckout } from '../stripe-helpers';

const receiver = inject('webhookReceiverUrl');

export interface OutboxEvent {
  id: string;
  type: string;
  data: Record<string, unknown> & { userId: string; balance: number; version: number };
}

/** The user's outbox events, oldest first (then by type, for a stable order within one entry). */
export async function eventsOf(userId: string, type?: string): Promise<OutboxEvent[]> {
  const { results } = await env.DB.prepare(
    `SELECT id, type, data FROM webhook_events WHERE user_id = ? AND (?2 IS NULL OR type = ?2)
     ORDER BY json_extract(data, '$.version'), rowid`,
  )
    .bind(userId, type ?? null)
    .all<{ id: string; type: string; data: string }>();
  return results.map((r) => ({ id: r.id, type: r.type, data: JSON.parse(r.data) }));
}

/**
 * An endpoint that receives every type: events are written only while some endpoint can receive
 * them (worker/ledger/outbox.ts), so the outbox tests start with one (storage is per test file).
 */
export async function addReceiver(): Promise<void> {
  await createEndpoint(testDb(), { url: 'https://receiver.example/hooks', events: null, description: 'tests' });
}

/** An endpoint at the local receiver's `/hooks/{name}`, made through the service API with `key`. */
export async function addEndpoint(key: string, name: string, events?: string[]) {
  const res = await service('/webhook-endpoints', {
    method: 'POST',
    key,
    body: { url: `${receiver}/hooks/${name}`, events },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { endpoint: { id: string }; secret: string };
}

export const unique = (prefix: string) => `${prefix}${crypto.randomUUID().slice(0, 8)}`;

/**
 * A purchase's `credits.purchased` event and an endpoint subscribed only to `hold.expired`, so the
 * real queue sends it nothing while the test delivers the message by hand (deliverOne, its own clock).
 */
export async function purchaseToDeliverByHand(prefix: string) {
  const { secret: key } = await makeKey();
  const { endpoint } = await addEndpoint(key, unique(prefix), ['hold.expired']);
  const user = await signUp();
  expect((await deliver(completed(await seedCheckout(user.id)))).status).toBe(200);
  const [event] = await eventsOf(user.id, 'credits.purchased');
  if (!event) throw new Error('the purchase wrote no credits.purchased event');
  return { key, endpoint, message: { eventId: event.id, endpointId: endpoint.id } };
}
