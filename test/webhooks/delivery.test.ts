// Delivery through the real (Miniflare) queue to a local receiver (test/setup/start-webhook-receiver.ts):
// Standard Webhooks signatures verified by the `standardwebhooks` package, a 500 retried with the
// same webhook-id, the deliveries log, and an endpoint disabled after 3 days of failures (time injected).
import { Webhook } from 'standardwebhooks';
import { describe, expect, inject, it } from 'vitest';
import { DISABLE_AFTER_MS, deliverOne, retryDelay } from '../../worker/webhooks/delivery';
import { signUp, testDb } from '../helpers';
import { makeKey, service } from '../service/support';
import type { ReceivedHook } from '../setup/start-webhook-receiver';
import { completed, deliver, seedCheckout } from '../stripe-helpers';
import { addEndpoint, purchaseToDeliverByHand, unique } from './support';

const receiver = inject('webhookReceiverUrl');

/** Waits (a long poll on the receiver, not a sleep) until `count` requests reached `name`. */
async function received(name: string, count: number): Promise<ReceivedHook[]> {
  const res = await fetch(`${receiver}/received/${name}?count=${count}`);
  expect(res.status, `waiting for ${count} deliveries to ${name}`).toBe(200);
  return (await res.json()) as ReceivedHook[];
}

describe('delivery', () => {
  it('a purchase reaches the endpoint through the queue, signed as Standard Webhooks says', async () => {
    const { secret: key } = await makeKey();
    const name = unique('ok-');
    const { secret } = await addEndpoint(key, name, ['credits.purchased']);
    const user = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 900 });
    expect((await deliver(completed(checkout))).status).toBe(200);

    const [hook] = await received(name, 1);
    expect(hook.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{24}$/);
    const verified = new Webhook(secret).verify(hook.body, hook.headers);
    expect(verified).toEqual({
      type: 'credits.purchased',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        userId: user.id,
        externalId: null,
        balance: 1000,
        version: 1,
        sessionId: checkout.sessionId,
        packId: 'starter',
        credits: 1000,
        amount: 900,
        currency: 'usd',
      },
    });
    // Another secret does not verify it.
    const other = `whsec_${btoa(String.fromCharCode(...new Uint8Array(32)))}`;
    expect(() => new Webhook(other).verify(hook.body, hook.headers)).toThrow();
  });

  it('a receiver answering 500 then 200 is retried with the same webhook-id; the log shows both attempts', async () => {
    const { secret: key } = await makeKey();
    const name = unique('fail-once-');
    const { endpoint, secret } = await addEndpoint(key, name, ['credits.purchased']);
    const user = await signUp();
    await deliver(completed(await seedCheckout(user.id)));

    const [first, second] = await received(name, 2);
    expect([first.answered, second.answered]).toEqual([500, 200]);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.body).toBe(first.body);
    expect(new Webhook(secret).verify(second.body, second.headers)).toMatchObject({ type: 'credits.purchased' });

    // The attempt is recorded after the receiver answered: wait for the log to hold both.
    let log: { deliveries: { messageId: string; attempt: number; status: string; responseCode: number }[] } = {
      deliveries: [],
    };
    for (let tries = 0; tries < 50 && log.deliveries.length < 2; tries++) {
      log = await (await service(`/webhook-endpoints/${endpoint.id}/deliveries`, { key })).json();
    }
    expect(log.deliveries.map((d) => [d.messageId, d.attempt, d.status, d.responseCode])).toEqual([
      [first.headers['webhook-id'], 2, 'delivered', 200],
      [first.headers['webhook-id'], 1, 'failed', 500],
    ]);
  });

  it('an endpoint failing for 3 days is disabled, and its messages are dropped after that', async () => {
    const { key, endpoint, message } = await purchaseToDeliverByHand('down-');
    const failing = { retryBaseSeconds: 60, fetcher: async () => new Response('no', { status: 503 }) };
    const t0 = Date.now() + 60_000;

    expect(await deliverOne(testDb(), message, 1, failing, t0)).toEqual({
      outcome: 'retry',
      delaySeconds: 60,
      status: 503,
    });
    expect(await deliverOne(testDb(), message, 2, failing, t0 + DISABLE_AFTER_MS - 1)).toEqual({
      outcome: 'retry',
      delaySeconds: 120,
      status: 503,
    });
    expect(await deliverOne(testDb(), message, 3, failing, t0 + DISABLE_AFTER_MS)).toEqual({
      outcome: 'disabled',
      status: 503,
    });
    const list = (await (await service('/webhook-endpoints', { key })).json()) as {
      endpoints: { id: string; disabledAt: string | null; disabledReason: string | null }[];
    };
    expect(list.endpoints.find((e) => e.id === endpoint.id)).toMatchObject({
      disabledAt: new Date(t0 + DISABLE_AFTER_MS).toISOString(),
      disabledReason: 'every delivery failed for 3 days (last: HTTP 503)',
    });
    expect(await deliverOne(testDb(), message, 4, failing, t0 + DISABLE_AFTER_MS + 1)).toEqual({ outcome: 'dropped' });
  });

  it('a success clears the failing run; a refused connection is retried', async () => {
    const { message } = await purchaseToDeliverByHand('x-');
    const refused = {
      retryBaseSeconds: 1,
      fetcher: async () => {
        throw new TypeError('connection refused');
      },
    };
    const t0 = Date.now() + 60_000;
    expect(await deliverOne(testDb(), message, 1, refused, t0)).toEqual({
      outcome: 'retry',
      delaySeconds: 1,
      status: null,
    });
    const ok = { retryBaseSeconds: 1, fetcher: async () => new Response(null, { status: 204 }) };
    expect(await deliverOne(testDb(), message, 2, ok, t0 + DISABLE_AFTER_MS - 10)).toEqual({
      outcome: 'delivered',
      status: 204,
    });
    // The run restarted: three days after the first failure is no longer three days of failures.
    expect((await deliverOne(testDb(), message, 3, refused, t0 + DISABLE_AFTER_MS)).outcome).toBe('retry');
  });

  it('a shorter disable window set by configuration disables sooner and says so', async () => {
    const { key, endpoint, message } = await purchaseToDeliverByHand('short-');
    const failing = {
      retryBaseSeconds: 1,
      disableAfterMs: 4000,
      fetcher: async () => new Response('no', { status: 500 }),
    };
    const t0 = Date.now() + 60_000;
    expect((await deliverOne(testDb(), message, 1, failing, t0)).outcome).toBe('retry');
    expect((await deliverOne(testDb(), message, 2, failing, t0 + 3999)).outcome).toBe('retry');
    expect(await deliverOne(testDb(), message, 3, failing, t0 + 4000)).toEqual({ outcome: 'disabled', status: 500 });
    const list = (await (await service('/webhook-endpoints', { key })).json()) as {
      endpoints: { id: string; disabledReason: string | null }[];
    };
    expect(list.endpoints.find((e) => e.id === endpoint.id)?.disabledReason).toBe(
      'every delivery failed for 4 s (last: HTTP 500)',
    );
  });

  it('backs off by doubling from the base, capped at 4 hours', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(60, a))).toEqual([60, 120, 240, 480]);
    expect(retryDelay(60, 20)).toBe(4 * 60 * 60);
    expect(retryDelay(1, 1)).toBe(1);
  });
});
