// The auto top-up's calls (PaymentIntents, setup Checkout, a customer's default card) as each official SDK encodes them.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY, startTestEmulator, type TestEmulator } from '../test-support';

let t: TestEmulator;
let customer: string;
let card: string;
beforeAll(async () => {
  t = await startTestEmulator();
  customer = (await t.stripe.customers.create({ email: 'ada@example.com' })).id;
  card = (await t.control<Stripe.PaymentMethod>('POST', `/customers/${customer}/card`, { card: '4242424242424242' }))
    .body.id;
});
afterAll(async () => {
  await t?.close();
});

type Answer = { status: number; body: Record<string, unknown> & { error?: Record<string, unknown> } };

async function post(path: string, form: string[]): Promise<Answer> {
  const response = await fetch(`${t.emulator.url}/v1${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.join('&'),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const charge = () => ['amount=1000', 'currency=USD', `customer=${customer}`, `payment_method=${card}`];

async function eventCount(): Promise<number> {
  return (await t.control<{ events: unknown[] }>('GET', '/events')).body.events.length;
}

describe('POST /v1/payment_intents as each SDK writes it', () => {
  it.each([
    ['node, go, php, java, .NET', ['off_session=true', 'confirm=true', 'metadata[attemptId]=a1']],
    ['older python and .NET (True)', ['off_session=True', 'confirm=True', 'metadata[attemptId]=a1']],
    [
      'ruby and curl (expand[], payment_method_types[])',
      [
        'off_session=true',
        'confirm=true',
        'metadata[attemptId]=a1',
        'payment_method_types[]=card',
        'expand[]=latest_charge',
      ],
    ],
    [
      'indexed arrays',
      [
        'off_session=true',
        'confirm=true',
        'metadata[attemptId]=a1',
        'payment_method_types[0]=card',
        'expand[0]=latest_charge',
      ],
    ],
    [
      'off_session=one_off (Stripe takes it as true)',
      ['off_session=one_off', 'confirm=true', 'metadata[attemptId]=a1'],
    ],
  ])('%s: charges the saved card', async (_sdk, form) => {
    const answer = await post('/payment_intents', [...charge(), ...form]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ status: 'succeeded', currency: 'usd', metadata: { attemptId: 'a1' } });
    if (form.some((pair) => pair.startsWith('expand'))) {
      expect(answer.body.latest_charge).toMatchObject({ object: 'charge', amount: 1000 });
    }
  });

  it.each([
    ['confirm=1', 'Invalid boolean: 1', 'confirm'],
    ['off_session=yes', 'Invalid boolean: yes', 'off_session'],
    ['amount=10.5', 'Invalid integer: 10.5', 'amount'],
    ['bogus=1', 'Received unknown parameter: bogus', 'bogus'],
  ])('%s is refused as Stripe refuses it, charging nothing', async (pair, message, param) => {
    const before = await eventCount();
    const base = [...charge(), 'off_session=true', 'confirm=true'].filter(
      (p) => p.split('=')[0] !== pair.split('=')[0],
    );
    const answer = await post('/payment_intents', [...base, pair]);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', message, param });
    expect(await eventCount()).toBe(before);
  });
});

describe('saving a card as each SDK writes it', () => {
  it('mode=setup with setup_intent_data[metadata][k], and payment_intent_data[setup_future_usage] on a payment', async () => {
    const setup = await post('/checkout/sessions', [
      'mode=setup',
      `customer=${customer}`,
      'currency=usd',
      'success_url=http%3A%2F%2F127.0.0.1%3A8787%2Fok',
      'setup_intent_data[metadata][userId]=u1',
      'expand[]=setup_intent',
    ]);
    expect(setup.status, JSON.stringify(setup.body)).toBe(200);
    expect(setup.body.setup_intent).toMatchObject({ object: 'setup_intent', metadata: { userId: 'u1' } });

    const pay = await post('/checkout/sessions', [
      'mode=payment',
      `customer=${customer}`,
      'success_url=http%3A%2F%2F127.0.0.1%3A8787%2Fok',
      'line_items[0][price_data][currency]=usd',
      'line_items[0][price_data][unit_amount]=1000',
      'line_items[0][price_data][product_data][name]=Pack',
      'line_items[0][quantity]=1',
      'payment_intent_data[setup_future_usage]=off_session',
      'payment_intent_data[metadata][packId]=pack_1000',
    ]);
    expect(pay.status, JSON.stringify(pay.body)).toBe(200);
    const bad = await post('/checkout/sessions', ['mode=setup', 'payment_intent_data[setup_future_usage]=always']);
    expect(bad.body.error).toMatchObject({ param: 'payment_intent_data[setup_future_usage]' });
  });

  it('invoice_settings[default_payment_method] sets the default; empty (what the SDKs send for null) clears it', async () => {
    const set = await post(`/customers/${customer}`, [`invoice_settings[default_payment_method]=${card}`]);
    expect(set.body).toMatchObject({ invoice_settings: { default_payment_method: card } });
    const cleared = await post(`/customers/${customer}`, ['invoice_settings[default_payment_method]=']);
    expect(cleared.body).toMatchObject({ invoice_settings: { default_payment_method: null } });
  });
});
