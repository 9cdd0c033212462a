// Webhook delivery to a real local receiver: Stripe's signature, retries with backoff, duplicates, holds, drops, order, config.
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../server';
import {
  packSessionParams,
  sleep,
  startTestEmulator,
  startWebhookReceiver,
  type TestEmulator,
  WEBHOOK_SECRET,
  waitFor,
} from '../test-support';
import type { DeliveryAttempt } from './store';
import { stripeSignatureHeader } from './webhooks';

type Deliveries = { deliveries: DeliveryAttempt[] };

const verifier = new Stripe('sk_test_unused', { httpClient: Stripe.createFetchHttpClient() });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(status?: (index: number) => number, options: Partial<EmulatorOptions> = {}) {
  const receiver = await startWebhookReceiver(status);
  cleanups.push(() => receiver.close());
  const t = await startTestEmulator({ webhookUrl: receiver.url, ...options });
  cleanups.push(() => t.close());
  return { t, receiver };
}

async function payNewSession(t: TestEmulator, body: Record<string, unknown> = {}): Promise<string> {
  const session = await t.stripe.checkout.sessions.create(packSessionParams());
  const paid = await t.control('POST', `/checkout/sessions/${session.id}/pay`, body);
  expect(paid.status).toBe(200);
  return session.id;
}

async function deliveries(t: TestEmulator): Promise<DeliveryAttempt[]> {
  return (await t.control<Deliveries>('GET', '/deliveries')).body.deliveries;
}

describe('signing', () => {
  it('signs each delivery so stripe.webhooks.constructEventAsync accepts it, and a wrong secret does not', async () => {
    const { t, receiver } = await setUp();
    const sessionId = await payNewSession(t);
    const [delivery] = await waitFor(() => receiver.received.length === 1 && receiver.received);

    expect(delivery!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(delivery!.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    const signature = delivery!.headers['stripe-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const event = await verifier.webhooks.constructEventAsync(delivery!.body, signature, WEBHOOK_SECRET);
    expect(event.type).toBe('checkout.session.completed');
    expect(event.api_version).toBe(Stripe.API_VERSION);
    expect(event.pending_webhooks).toBe(1);
    expect(event.data.object).toMatchObject({ id: sessionId, payment_status: 'paid', status: 'complete' });

    await expect(
      verifier.webhooks.constructEventAsync(delivery!.body, signature, 'whsec_someone_else'),
    ).rejects.toThrow();
    await expect(
      verifier.webhooks.constructEventAsync(delivery!.body.replace('"paid"', '"unpaid"'), signature, WEBHOOK_SECRET),
    ).rejects.toThrow();
  });

  it('builds the header as Stripe documents it: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<payload>")', async () => {
    const header = stripeSignatureHeader('whsec_test', '{"id":"evt_1"}', 1700000000);
    const expected = await verifier.webhooks.generateTestHeaderStringAsync({
      payload: '{"id":"evt_1"}',
      secret: 'whsec_test',
      timestamp: 1700000000,
    });
    expect(header).toBe(expected);
  });
});

describe('retries', () => {
  it('retries after a 500 with doubling delays, re-signed, same event id and bytes, until a 2xx', async () => {
    const { t, receiver } = await setUp((index) => (index < 2 ? 500 : 200));
    await payNewSession(t);
    await waitFor(() => receiver.received.length === 3);

    const ids = receiver.received.map((delivery) => delivery.event.id);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(receiver.received.map((delivery) => delivery.body)).size).toBe(1);
    for (const delivery of receiver.received) {
      await verifier.webhooks.constructEventAsync(
        delivery.body,
        delivery.headers['stripe-signature'] as string,
        WEBHOOK_SECRET,
      );
    }

    const attempts = await deliveries(t);
    expect(attempts.map(({ attempt, status, eventId }) => ({ attempt, status, eventId }))).toEqual([
      { attempt: 1, status: 500, eventId: ids[0] },
      { attempt: 2, status: 500, eventId: ids[0] },
      { attempt: 3, status: 200, eventId: ids[0] },
    ]);
    // retryBaseMs is 20 in tests: the second wait is twice the first (less 1 ms for timer rounding).
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(19);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(39);
    await sleep(100);
    expect(receiver.received).toHaveLength(3);
  });

  it('gives up after maxAttempts', async () => {
    const { t, receiver } = await setUp(() => 503, { delivery: { maxAttempts: 3, retryBaseMs: 5 } });
    await payNewSession(t);
    await waitFor(() => receiver.received.length === 3);
    await sleep(150);
    expect(receiver.received).toHaveLength(3);
    expect((await deliveries(t)).map((attempt) => attempt.status)).toEqual([503, 503, 503]);
  });

  it('records a refused connection as status 0 and retries it', async () => {
    const receiver = await startWebhookReceiver();
    const deadUrl = receiver.url;
    await receiver.close();
    const t = await startTestEmulator({ webhookUrl: deadUrl, delivery: { maxAttempts: 2, retryBaseMs: 5 } });
    cleanups.push(() => t.close());
    await payNewSession(t);
    const attempts = await waitFor(async () => {
      const recorded = await deliveries(t);
      return recorded.length === 2 && recorded;
    });
    expect(attempts.map(({ attempt, status }) => ({ attempt, status }))).toEqual([
      { attempt: 1, status: 0 },
      { attempt: 2, status: 0 },
    ]);
    expect(attempts[0]!.error).toBeTruthy();
  });
});

describe('faults on request', () => {
  it('sends duplicates of each event with the same id', async () => {
    const { t, receiver } = await setUp(undefined, { delivery: { duplicates: 2 } });
    await payNewSession(t);
    await waitFor(() => receiver.received.length === 3);
    await sleep(50);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((delivery) => delivery.event.id)).size).toBe(1);
    expect((await deliveries(t)).map((attempt) => attempt.copy).sort()).toEqual([0, 1, 2]);
  });

  it('waits delayMs before the first attempt, so the pay call returns first', async () => {
    const { t, receiver } = await setUp(undefined, { delivery: { delayMs: 150 } });
    const paidAt = Date.now();
    await payNewSession(t);
    expect(receiver.received).toHaveLength(0);
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0]!.at - paidAt).toBeGreaterThanOrEqual(150);
  });

  it('holds events when deliverWebhooks is false until deliver-held releases them', async () => {
    const { t, receiver } = await setUp();
    const sessionId = await payNewSession(t, { deliverWebhooks: false });
    await sleep(100);
    expect(receiver.received).toHaveLength(0);
    const { body } = await t.control<{ events: Stripe.Event[] }>('GET', '/events');
    expect(body.events.map((event) => event.type)).toEqual(['checkout.session.completed']);

    const released = await t.control('POST', `/checkout/sessions/${sessionId}/deliver-held`);
    expect(released.body).toEqual({ released: 1 });
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0]!.event.id).toBe(body.events[0]!.id);
  });

  it('holds the later bank transfer settlement too when the payment was held', async () => {
    const { t, receiver } = await setUp();
    await payNewSession(t, { deliverWebhooks: false, method: 'bank_transfer', asyncSettleMs: 0 });
    const { body } = await waitFor(async () => {
      const listed = await t.control<{ events: Stripe.Event[] }>('GET', '/events');
      return listed.body.events.length === 2 && listed;
    });
    expect(body.events[0]!.type).toBe('checkout.session.async_payment_succeeded');
    await sleep(50);
    expect(receiver.received).toHaveLength(0);
  });

  it('drops every event at dropRate 1 but still records it', async () => {
    const { t, receiver } = await setUp(undefined, { delivery: { dropRate: 1 } });
    await payNewSession(t);
    await sleep(100);
    expect(receiver.received).toHaveLength(0);
    expect(await deliveries(t)).toEqual([]);
    expect((await t.control<{ events: unknown[] }>('GET', '/events')).body.events).toHaveLength(1);
  });

  it('delivers a shuffled batch exactly once each, in an order other than emission', async () => {
    const { t, receiver } = await setUp(undefined, { delivery: { shuffle: true, delayMs: 300 } });
    const emitted: string[] = [];
    for (let i = 0; i < 8; i++) {
      const session = await t.stripe.checkout.sessions.create(packSessionParams());
      await t.stripe.checkout.sessions.expire(session.id);
      emitted.push(session.id);
    }
    await waitFor(() => receiver.received.length === 8);
    await sleep(50);
    const arrived = receiver.received.map((delivery) => delivery.event.data.object.id as string);
    expect([...arrived].sort()).toEqual([...emitted].sort());
    // 8 events keep their order by chance once in 40,320 runs.
    expect(arrived).not.toEqual(emitted);
  });

  it('resends a recorded event on request, as `stripe events resend` does', async () => {
    const { t, receiver } = await setUp();
    await payNewSession(t);
    await waitFor(() => receiver.received.length === 1);
    const eventId = receiver.received[0]!.event.id;
    const resent = await t.control('POST', `/events/${eventId}/deliver`);
    expect(resent.body).toEqual({ scheduled: eventId });
    await waitFor(() => receiver.received.length === 2);
    expect(receiver.received[1]!.event.id).toBe(eventId);
  });
});

describe('control endpoints', () => {
  it('changes delivery settings at run time and rejects invalid ones', async () => {
    const { t, receiver } = await setUp();
    const updated = await t.control('POST', '/config', { duplicates: 1, delayMs: 5 });
    expect(updated.body).toMatchObject({
      duplicates: 1,
      delayMs: 5,
      shuffle: false,
      dropRate: 0,
      webhookUrl: receiver.url,
    });
    await payNewSession(t);
    await waitFor(() => receiver.received.length === 2);

    const invalid = await t.control('POST', '/config', { dropRate: 2 });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { type: 'invalid_request_error', param: 'dropRate' } });

    await t.control('POST', '/config', { webhookUrl: '' });
    await payNewSession(t);
    await sleep(50);
    expect(receiver.received).toHaveLength(2);
  });

  it('reset forgets sessions, events and deliveries and restores the start-up settings', async () => {
    const { t, receiver } = await setUp();
    const sessionId = await payNewSession(t);
    await waitFor(() => receiver.received.length === 1);
    await t.control('POST', '/config', { duplicates: 3 });

    expect((await t.control('POST', '/reset')).body).toEqual({ ok: true });
    await expect(t.stripe.checkout.sessions.retrieve(sessionId)).rejects.toMatchObject({ statusCode: 404 });
    expect((await t.control<{ events: unknown[] }>('GET', '/events')).body.events).toEqual([]);
    expect(await deliveries(t)).toEqual([]);
    expect((await t.control('GET', '/config')).body).toMatchObject({ duplicates: 0, webhookUrl: receiver.url });
    expect((await t.control('GET', '/health')).body).toEqual({ ok: true });
  });

  it('lists recorded events through GET /v1/events, filtered by type', async () => {
    const { t } = await setUp();
    const sessionId = await payNewSession(t);
    const expiredSession = await t.stripe.checkout.sessions.create(packSessionParams());
    await t.stripe.checkout.sessions.expire(expiredSession.id);
    const all = await t.stripe.events.list();
    expect(all.data.map((event) => event.type)).toEqual(['checkout.session.expired', 'checkout.session.completed']);
    const completed = await t.stripe.events.list({ type: 'checkout.session.completed' });
    expect(completed.data.map((event) => (event.data.object as Stripe.Checkout.Session).id)).toEqual([sessionId]);
    expect((await t.stripe.events.retrieve(completed.data[0]!.id)).type).toBe('checkout.session.completed');
  });
});
