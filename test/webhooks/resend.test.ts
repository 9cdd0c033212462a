// Resending one message (same webhook-id and body, through the real queue to the local receiver),
// its 404s and 409, and enabling a disabled endpoint again (reason cleared, failing run restarted).
import { env } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, inject, it } from 'vitest';
import { DISABLE_AFTER_MS, deliverOne } from '../../worker/webhooks/delivery';
import { drainOutbox } from '../../worker/webhooks/drain';
import { grantCredits, signUp, testDb } from '../helpers';
import { makeKey, service } from '../service/support';
import type { ReceivedHook } from '../setup/start-webhook-receiver';

const receiver = inject('webhookReceiverUrl');
const unique = (prefix: string) => `${prefix}${crypto.randomUUID().slice(0, 8)}`;

async function addEndpoint(key: string, url: string, events: string[]) {
  const res = await service('/webhook-endpoints', { method: 'POST', key, body: { url, events } });
  expect(res.status).toBe(201);
  return (await res.json()) as { endpoint: { id: string }; secret: string };
}

/** Waits (a long poll on the receiver, not a sleep) until `count` requests reached `name`. */
async function received(name: string, count: number): Promise<ReceivedHook[]> {
  const res = await fetch(`${receiver}/received/${name}?count=${count}`);
  expect(res.status, `waiting for ${count} deliveries to ${name}`).toBe(200);
  return (await res.json()) as ReceivedHook[];
}

type Log = { deliveries: { messageId: string; attempt: number; status: string; responseCode: number | null }[] };

/** The endpoint's log once it holds `count` rows (each is written right after the receiver answered). */
async function logOf(key: string, endpointId: string, count: number): Promise<Log> {
  let log: Log = { deliveries: [] };
  for (let tries = 0; tries < 100 && log.deliveries.length < count; tries++) {
    log = await (await service(`/webhook-endpoints/${endpointId}/deliveries`, { key })).json();
  }
  return log;
}

const resend = (key: string, endpointId: string, messageId: string) =>
  service(`/webhook-endpoints/${endpointId}/deliveries/${messageId}/resend`, { method: 'POST', key });

describe('resend one message', () => {
  it('sends the message again with the same webhook-id and body; the log counts it as the next attempt', async () => {
    const { secret: key } = await makeKey();
    const name = unique('resend-');
    const { endpoint, secret } = await addEndpoint(key, `${receiver}/hooks/${name}`, ['credits.granted']);
    const user = await signUp();
    await grantCredits(user.id, 300);
    await drainOutbox(testDb(), env.WEBHOOKS_QUEUE); // the helper's grant starts no drain of its own
    const [first] = await received(name, 1);
    const messageId = first.headers['webhook-id'];
    expect((await logOf(key, endpoint.id, 1)).deliveries).toHaveLength(1);

    const res = await resend(key, endpoint.id, messageId);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ messageId });
    const [, again] = await received(name, 2);
    expect(again.headers['webhook-id']).toBe(messageId);
    expect(again.body).toBe(first.body);
    expect(new Webhook(secret).verify(again.body, again.headers)).toMatchObject({
      type: 'credits.granted',
      data: { userId: user.id, balance: 300 },
    });
    expect((await logOf(key, endpoint.id, 2)).deliveries.map((d) => [d.messageId, d.attempt, d.status])).toEqual([
      [messageId, 2, 'delivered'],
      [messageId, 1, 'delivered'],
    ]);
  });

  it('answers 404 for an unknown endpoint or message (or one of a type it does not receive), queueing nothing', async () => {
    const { secret: key } = await makeKey();
    const { endpoint } = await addEndpoint(key, 'https://receiver.example/a', ['hold.expired']);
    const user = await signUp();
    await grantCredits(user.id, 10);
    const granted = await env.DB.prepare("SELECT id FROM webhook_events WHERE user_id = ? AND type = 'credits.granted'")
      .bind(user.id)
      .first<{ id: string }>();
    const cases = [
      [endpoint.id, 'msg_0123456789abcdef01234567', 'webhook_message_not_found'],
      [endpoint.id, 'not-a-message', 'webhook_message_not_found'],
      [endpoint.id, `msg_${granted?.id}`, 'webhook_message_not_found'],
      ['we_nope', `msg_${granted?.id}`, 'webhook_endpoint_not_found'],
    ] as const;
    for (const [endpointId, messageId, code] of cases) {
      const res = await resend(key, endpointId, messageId);
      expect(res.status, `${endpointId} ${messageId}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect((await logOf(key, endpoint.id, 0)).deliveries).toEqual([]);
  });
});

describe('enable a disabled endpoint', () => {
  it('refuses a resend while disabled (409), then enable clears the reason and restarts the failing run', async () => {
    const { secret: key } = await makeKey();
    // Subscribed to a type nothing here produces by itself: the test drives each delivery and the clock.
    const { endpoint } = await addEndpoint(key, 'https://receiver.example/down', ['credits.granted']);
    const user = await signUp();
    await grantCredits(user.id, 10);
    const event = await env.DB.prepare("SELECT id FROM webhook_events WHERE user_id = ? AND type = 'credits.granted'")
      .bind(user.id)
      .first<{ id: string }>();
    const message = { eventId: event?.id ?? '', endpointId: endpoint.id };
    const failing = { retryBaseSeconds: 60, fetcher: async () => new Response('no', { status: 500 }) };
    const t0 = Date.now() + 60_000;
    await deliverOne(testDb(), message, 1, failing, t0);
    expect((await deliverOne(testDb(), message, 2, failing, t0 + DISABLE_AFTER_MS)).outcome).toBe('disabled');

    const refused = await resend(key, endpoint.id, `msg_${message.eventId}`);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: { code: 'webhook_endpoint_disabled', message: 'The endpoint is disabled: enable it, then resend.' },
    });
    const listed = (await (await service('/webhook-endpoints', { key })).json()) as {
      endpoints: { id: string; disabledAt: string | null; disabledReason: string | null }[];
    };
    expect(listed.endpoints.find((e) => e.id === endpoint.id)?.disabledReason).toBe(
      'every delivery failed for 3 days (last: HTTP 500)',
    );

    const res = await service(`/webhook-endpoints/${endpoint.id}/enable`, { method: 'POST', key });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { endpoint: unknown }).endpoint).toMatchObject({
      id: endpoint.id,
      disabledAt: null,
      disabledReason: null,
    });
    // The run restarted: one more failure, however late, is a retry, not three days of failures.
    expect((await deliverOne(testDb(), message, 3, failing, t0 + DISABLE_AFTER_MS + 1)).outcome).toBe('retry');
    expect((await service('/webhook-endpoints/we_nope/enable', { method: 'POST', key })).status).toBe(404);
  });
});
