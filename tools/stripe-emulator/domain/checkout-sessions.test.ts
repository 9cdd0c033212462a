// Checkout Sessions through the real stripe SDK: create, retrieve, list and paginate, expire, auth, errors, idempotency.
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  packSessionParams,
  rawStripePost,
  SECRET_KEY,
  startTestEmulator,
  stripeFor,
  type TestEmulator,
} from '../test-support';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.close();
});

describe('POST /v1/checkout/sessions', () => {
  it('creates an open, unpaid session from price_data line items with the fields the app sent', async () => {
    const before = Math.floor(Date.now() / 1000);
    const session = await t.stripe.checkout.sessions.create(
      packSessionParams({
        customer_email: 'ada@example.com',
        locale: 'de',
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: '1,000 credits' } }, quantity: 2 },
          { price_data: { currency: 'usd', unit_amount: 250, product_data: { name: 'Tip' } }, quantity: 1 },
        ],
      }),
    );

    expect(session.id).toMatch(/^cs_test_a1[A-Za-z0-9]{58}$/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      amount_subtotal: 2250,
      amount_total: 2250,
      currency: 'usd',
      livemode: false,
      client_reference_id: 'user_42',
      customer_email: 'ada@example.com',
      locale: 'de',
      metadata: { packId: 'pack_1000', userId: 'user_42' },
      payment_method_types: ['card'],
      success_url: 'http://127.0.0.1:8787/en/payment/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://127.0.0.1:8787/en/buy',
      url: `${t.emulator.url}/c/pay/${session.id}`,
    });
    expect(session.customer_details?.email).toBe('ada@example.com');
    expect(session.created).toBeGreaterThanOrEqual(before);
    expect(session.expires_at - session.created).toBe(24 * 60 * 60);
  });

  it('accepts an expires_at between 30 minutes and 24 hours away and refuses one outside', async () => {
    const now = Math.floor(Date.now() / 1000);
    const session = await t.stripe.checkout.sessions.create(packSessionParams({ expires_at: now + 3600 }));
    expect(session.expires_at).toBe(now + 3600);

    await expect(t.stripe.checkout.sessions.create(packSessionParams({ expires_at: now + 60 }))).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      param: 'expires_at',
    });
  });

  it('answers a price id it cannot know with resource_missing naming the parameter', async () => {
    const attempt = t.stripe.checkout.sessions.create({
      ...packSessionParams(),
      line_items: [{ price: 'price_1NotInTheEmulator', quantity: 1 }],
    });
    await expect(attempt).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 400,
      code: 'resource_missing',
      param: 'line_items[0][price]',
      message: "No such price: 'price_1NotInTheEmulator'",
    });
  });

  it('reports missing, unknown and malformed parameters the way Stripe words them', async () => {
    const line =
      'line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=P&line_items[0][quantity]=1';
    const missingSuccess = await rawStripePost(
      t.emulator,
      '/v1/checkout/sessions',
      `mode=payment&${line}&line_items[0][price_data][unit_amount]=100`,
    );
    expect(missingSuccess.status).toBe(400);
    expect(missingSuccess.body.error).toEqual({
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'success_url',
      message: 'Missing required param: success_url.',
      doc_url: 'https://stripe.com/docs/error-codes/parameter-missing',
    });

    const badInteger = await rawStripePost(
      t.emulator,
      '/v1/checkout/sessions',
      `mode=payment&${line}&line_items[0][price_data][unit_amount]=ten&success_url=http://x.test/ok`,
    );
    expect(badInteger.body.error).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'line_items[0][price_data][unit_amount]',
      message: 'Invalid integer: ten',
    });

    const unknown = await rawStripePost(
      t.emulator,
      '/v1/checkout/sessions',
      `mode=payment&${line}&line_items[0][price_data][unit_amount]=100&success_url=http://x.test/ok&colour=blue`,
    );
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    const list = await t.stripe.checkout.sessions.list();
    expect(list.data).toHaveLength(0);
  });

  it('returns the same session for a repeated Idempotency-Key and refuses the key with other parameters', async () => {
    const first = await t.stripe.checkout.sessions.create(packSessionParams(), { idempotencyKey: 'buy-pack-1' });
    const again = await t.stripe.checkout.sessions.create(packSessionParams(), { idempotencyKey: 'buy-pack-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.idempotencyKey).toBe('buy-pack-1');

    await expect(
      t.stripe.checkout.sessions.create(packSessionParams({ client_reference_id: 'someone_else' }), {
        idempotencyKey: 'buy-pack-1',
      }),
    ).rejects.toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });

    const all = await t.stripe.checkout.sessions.list();
    expect(all.data.map((session) => session.id)).toEqual([first.id]);
  });
});

describe('authentication', () => {
  it('refuses a wrong key with 401 without echoing the key', async () => {
    const wrongKey = 'sk_test_wrong_key_0000000000000000abcd';
    const stranger = stripeFor(t.emulator, wrongKey);
    const attempt = stranger.checkout.sessions.create(packSessionParams());
    await expect(attempt).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
    await attempt.catch((error: Stripe.errors.StripeError) => expect(error.message).not.toContain(wrongKey));
    expect((await t.stripe.checkout.sessions.list()).data).toHaveLength(0);
  });

  it('refuses a request without an Authorization header with a Stripe-shaped 401', async () => {
    const response = await fetch(`${t.emulator.url}/v1/checkout/sessions`);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('You did not provide an API key');
  });
});

describe('GET /v1/checkout/sessions/{id}', () => {
  it('returns the stored session', async () => {
    const created = await t.stripe.checkout.sessions.create(packSessionParams());
    const fetched = await t.stripe.checkout.sessions.retrieve(created.id);
    expect(fetched).toEqual(expect.objectContaining({ id: created.id, status: 'open', amount_total: 1000 }));
    expect(fetched.metadata).toEqual({ packId: 'pack_1000', userId: 'user_42' });
  });

  it('answers an unknown id with a Stripe-shaped 404', async () => {
    await expect(t.stripe.checkout.sessions.retrieve('cs_test_nope')).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      message: "No such checkout.session: 'cs_test_nope'",
    });
    const raw = await fetch(`${t.emulator.url}/v1/checkout/sessions/cs_test_nope`, {
      headers: { Authorization: `Bearer ${SECRET_KEY}` },
    });
    expect(raw.status).toBe(404);
    expect(await raw.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        doc_url: 'https://stripe.com/docs/error-codes/resource-missing',
        message: "No such checkout.session: 'cs_test_nope'",
        param: 'session',
      },
    });
  });

  it('expands payment_intent and line_items on request', async () => {
    const created = await t.stripe.checkout.sessions.create(packSessionParams());
    const unpaid = await t.stripe.checkout.sessions.retrieve(created.id, { expand: ['payment_intent', 'line_items'] });
    expect(unpaid.payment_intent).toBeNull();
    expect(unpaid.line_items?.data).toEqual([
      expect.objectContaining({ object: 'item', description: '1,000 credits', quantity: 1, amount_total: 1000 }),
    ]);

    await t.control('POST', `/checkout/sessions/${created.id}/pay`, {});
    const paid = await t.stripe.checkout.sessions.retrieve(created.id, { expand: ['payment_intent'] });
    const paymentIntent = paid.payment_intent as Stripe.PaymentIntent;
    expect(paymentIntent).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 1000 });
    expect(paymentIntent.id).toMatch(/^pi_/);
  });
});

describe('GET /v1/checkout/sessions', () => {
  async function createSessions(count: number): Promise<Stripe.Checkout.Session[]> {
    const sessions = [];
    for (let i = 0; i < count; i++) {
      sessions.push(await t.stripe.checkout.sessions.create(packSessionParams({ client_reference_id: `user_${i}` })));
    }
    return sessions;
  }

  it('pages newest first with limit and starting_after, and says when more remain', async () => {
    const created = await createSessions(5);
    const newestFirst = created.map((session) => session.id).reverse();

    const first = await t.stripe.checkout.sessions.list({ limit: 2 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/checkout/sessions' });
    expect(first.data.map((session) => session.id)).toEqual(newestFirst.slice(0, 2));

    const second = await t.stripe.checkout.sessions.list({ limit: 2, starting_after: first.data[1]!.id });
    expect(second.data.map((session) => session.id)).toEqual(newestFirst.slice(2, 4));
    expect(second.has_more).toBe(true);

    const last = await t.stripe.checkout.sessions.list({ limit: 2, starting_after: second.data[1]!.id });
    expect(last.data.map((session) => session.id)).toEqual(newestFirst.slice(4));
    expect(last.has_more).toBe(false);

    const before = await t.stripe.checkout.sessions.list({ limit: 2, ending_before: newestFirst[3]! });
    expect(before.data.map((session) => session.id)).toEqual(newestFirst.slice(1, 3));
  });

  it('lists every session through the SDK auto-pagination', async () => {
    const created = await createSessions(7);
    const seen: string[] = [];
    for await (const session of t.stripe.checkout.sessions.list({ limit: 3 })) seen.push(session.id);
    expect(seen).toEqual(created.map((session) => session.id).reverse());
  });

  it('filters by created range, status and payment_intent', async () => {
    const [a, b, c] = await createSessions(3);
    const oldest = a!.created;
    const newest = c!.created;
    expect((await t.stripe.checkout.sessions.list({ created: { gte: oldest } })).data).toHaveLength(3);
    expect((await t.stripe.checkout.sessions.list({ created: { lte: newest } })).data).toHaveLength(3);
    expect((await t.stripe.checkout.sessions.list({ created: { gte: newest + 1 } })).data).toEqual([]);
    expect((await t.stripe.checkout.sessions.list({ created: { lt: oldest } })).data).toEqual([]);

    await t.stripe.checkout.sessions.expire(b!.id);
    const paid = (await t.control<Stripe.Checkout.Session>('POST', `/checkout/sessions/${c!.id}/pay`, {})).body;
    expect((await t.stripe.checkout.sessions.list({ status: 'expired' })).data.map((s) => s.id)).toEqual([b!.id]);
    expect((await t.stripe.checkout.sessions.list({ status: 'complete' })).data.map((s) => s.id)).toEqual([c!.id]);
    expect((await t.stripe.checkout.sessions.list({ status: 'open' })).data.map((s) => s.id)).toEqual([a!.id]);
    const byPaymentIntent = await t.stripe.checkout.sessions.list({ payment_intent: paid.payment_intent as string });
    expect(byPaymentIntent.data.map((s) => s.id)).toEqual([c!.id]);
  });

  it('refuses a starting_after it does not know and a limit over 100', async () => {
    await expect(t.stripe.checkout.sessions.list({ starting_after: 'cs_test_gone' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'starting_after',
    });
    await expect(t.stripe.checkout.sessions.list({ limit: 101 })).rejects.toMatchObject({
      statusCode: 400,
      param: 'limit',
    });
  });
});

describe('POST /v1/checkout/sessions/{id}/expire', () => {
  it('expires an open session, clears its URL and records checkout.session.expired for the request', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    const expired = await t.stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: 'expire-1' });
    expect(expired).toMatchObject({ id: session.id, status: 'expired', payment_status: 'unpaid', url: null });
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');

    const { body } = await t.control<{ events: Array<Stripe.Event> }>('GET', '/events');
    expect(body.events).toHaveLength(1);
    const event = body.events[0]!;
    expect(event.type).toBe('checkout.session.expired');
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(event.request).toEqual({ id: expired.lastResponse.requestId, idempotency_key: 'expire-1' });
  });

  it('expires an open session by itself once expires_at has passed', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    // Only Date is faked: the HTTP round trips keep their real timers.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((session.expires_at + 1) * 1000);
      const later = await t.stripe.checkout.sessions.retrieve(session.id);
      expect(later).toMatchObject({ status: 'expired', url: null });
    } finally {
      vi.useRealTimers();
    }
    const { body } = await t.control<{ events: Array<Stripe.Event> }>('GET', '/events');
    expect(body.events.map((event) => [event.type, event.request])).toEqual([
      ['checkout.session.expired', { id: null, idempotency_key: null }],
    ]);
  });

  it('refuses to expire a session that is not open', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    await expect(t.stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('status of "complete"'),
    });
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
  });
});
