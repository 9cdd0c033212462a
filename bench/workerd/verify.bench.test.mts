// Runs inside workerd (bench/vitest.config.ts): times N verifications of a signed ~2 KB
// `checkout.session.completed` on the Worker's own path, verifyStripeEvent (our own Web
// Crypto check of Stripe's signature scheme, worker/stripe/client.ts). workerd's clock advances only on I/O, so each
// timed loop is bracketed by calls to a clock in Node (clock-server.ts), and an empty pair of calls
// measures what the brackets cost on their own.
import Stripe from 'stripe';
import { expect, inject, it } from 'vitest';
import { verifyStripeEvent } from '../../worker/stripe/client';

const N = 2000;
const REPS = 5;
const SECRET = 'whsec_creditcast_bench_verify';

function eventPayload(): string {
  const created = Math.floor(Date.now() / 1000);
  const session = {
    id: 'cs_test_a1NIoB34nff3HzjD8XIxEf4MybM4TnFLSitamc7ywX3kLLzHOZxdMhtL0ule',
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: 1000,
    amount_total: 1000,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: 'http://127.0.0.1:8787/en/payment/cancel',
    client_reference_id: 'd6b599e8-42f8-45fc-979a-d67dd76b5c14',
    consent: null,
    consent_collection: null,
    created,
    currency: 'usd',
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_creation: 'if_required',
    customer_details: {
      address: null,
      email: 'bench@example.test',
      name: 'Bench User',
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    customer_email: 'bench@example.test',
    expires_at: created + 86400,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    livemode: false,
    locale: 'en',
    metadata: { userId: 'd6b599e8-42f8-45fc-979a-d67dd76b5c14', packId: 'starter', credits: '1000' },
    mode: 'payment',
    payment_intent: 'pi_3QbenchVerifyPaymentIntent0001',
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_status: 'paid',
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_details: null,
    shipping_options: [],
    status: 'complete',
    submit_type: null,
    subscription: null,
    success_url: 'http://127.0.0.1:8787/en/payment/success?session_id={CHECKOUT_SESSION_ID}',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: null,
  };
  return JSON.stringify({
    id: 'evt_1QbenchVerifyEvent000000001',
    object: 'event',
    api_version: '2025-01-27.acacia',
    created,
    data: { object: session },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
  });
}

it(`verifies ${N} signed events per loop`, async () => {
  const clock = inject('clockUrl');
  const mark = async (name: string) => {
    const res = await fetch(`${clock}/mark?name=${encodeURIComponent(name)}`, { method: 'POST' });
    await res.arrayBuffer();
  };
  const payload = eventPayload();
  expect(payload.length).toBeGreaterThan(1900);
  expect(payload.length).toBeLessThan(2300);
  const header = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: SECRET,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  });

  // Warm-up: JIT, key import paths, the clock connection.
  for (let i = 0; i < 200; i++) await verifyStripeEvent(payload, header, SECRET);
  await mark('warmup');

  const inWorkerdMs: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    await mark(`empty-${rep}-start`);
    await mark(`empty-${rep}-stop`);

    await mark(`verify-${rep}-start`);
    const t0 = performance.now();
    let last: Stripe.Event | undefined;
    for (let i = 0; i < N; i++) last = await verifyStripeEvent(payload, header, SECRET);
    const t1 = performance.now();
    await mark(`verify-${rep}-stop`);
    expect(last?.type).toBe('checkout.session.completed');
    inWorkerdMs.push(t1 - t0);
  }
  // A bad signature must still fail on this path (the loop above measured real verification).
  await expect(
    verifyStripeEvent(payload, header.replace(/v1=[0-9a-f]+/, `v1=${'0'.repeat(64)}`), SECRET),
  ).rejects.toThrow();

  const res = await fetch(`${clock}/result`, {
    method: 'POST',
    body: JSON.stringify({ n: N, payloadBytes: payload.length, reps: REPS, inWorkerdMs }),
  });
  await res.arrayBuffer();
});
