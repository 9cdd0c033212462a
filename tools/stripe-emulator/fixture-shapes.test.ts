// Every object the emulator serves carries every top-level field of Stripe's own example of that type (fixtures/stripe-fixtures.json).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  packSessionParams,
  startTestEmulator,
  startWebhookReceiver,
  type TestEmulator,
  type WebhookReceiver,
  waitFor,
} from './test-support';

// Vendored in the repository (see fixtures/README.md), so a fresh clone runs every test here.
const fixturePath = fileURLToPath(new URL('./fixtures/stripe-fixtures.json', import.meta.url));
const fixtureFile = JSON.parse(readFileSync(fixturePath, 'utf8')) as {
  source: string;
  resources: Record<string, Record<string, unknown>>;
};

type ResourceName = 'checkout.session' | 'event' | 'charge' | 'refund' | 'dispute' | 'payment_intent';

describe('the vendored fixtures', () => {
  it('name their source and hold every resource the emulator serves or the subscription work needs', () => {
    expect(fixtureFile.source).toMatch(/^stripe\/openapi, openapi\/fixtures3\.json at commit [0-9a-f]{8}/);
    const expected = [
      ...['checkout.session', 'event', 'charge', 'refund', 'dispute', 'payment_intent'],
      ...['invoice', 'subscription', 'customer', 'billing_portal.session', 'test_helpers.test_clock'],
      ...['price', 'product', 'payment_method', 'invoice_payment'],
    ];
    for (const name of expected) {
      expect(fixtureFile.resources[name]?.object, name).toBe(name);
    }
  });
});

describe('objects carry every top-level field of Stripe’s fixtures', () => {
  const fixtures = fixtureFile.resources as Record<ResourceName, Record<string, unknown>>;
  let t: TestEmulator;
  let receiver: WebhookReceiver;
  const served: Array<{ resource: ResourceName; label: string; object: object }> = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    t = await startTestEmulator({ webhookUrl: receiver.url });

    const open = await t.stripe.checkout.sessions.create(packSessionParams());
    served.push({ resource: 'checkout.session', label: 'open session', object: open });
    await t.control('POST', `/checkout/sessions/${open.id}/pay`, {});
    const complete = await t.stripe.checkout.sessions.retrieve(open.id);
    served.push({ resource: 'checkout.session', label: 'complete session', object: complete });
    const expired = await t.stripe.checkout.sessions.expire(
      (await t.stripe.checkout.sessions.create(packSessionParams())).id,
    );
    served.push({ resource: 'checkout.session', label: 'expired session', object: expired });

    const paymentIntent = await t.stripe.paymentIntents.retrieve(complete.payment_intent as string);
    served.push({ resource: 'payment_intent', label: 'succeeded payment intent', object: paymentIntent });
    const bankSession = await t.stripe.checkout.sessions.create(packSessionParams());
    const bankPaid = await t.control<Stripe.Checkout.Session>('POST', `/checkout/sessions/${bankSession.id}/pay`, {
      method: 'bank_transfer',
      asyncSettleMs: 60_000,
    });
    const processing = await t.stripe.paymentIntents.retrieve(bankPaid.body.payment_intent as string);
    served.push({ resource: 'payment_intent', label: 'processing payment intent', object: processing });

    const charge = await t.stripe.charges.retrieve(paymentIntent.latest_charge as string);
    served.push({ resource: 'charge', label: 'charge', object: charge });
    const refund = await t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 100 });
    served.push({ resource: 'refund', label: 'refund', object: refund });
    served.push({
      resource: 'refund',
      label: 'refund on the charge',
      object: (await t.stripe.charges.retrieve(charge.id)).refunds!.data[0]!,
    });
    const dispute = await t.control<Stripe.Dispute>('POST', `/charges/${charge.id}/dispute`, {});
    served.push({ resource: 'dispute', label: 'dispute', object: dispute.body });

    for (const event of (await t.stripe.events.list({ limit: 100 })).data) {
      served.push({ resource: 'event', label: `${event.type} event`, object: event });
    }
    await waitFor(() => receiver.received.length >= 5);
    for (const delivery of receiver.received) {
      served.push({ resource: 'event', label: `delivered ${delivery.event.type}`, object: JSON.parse(delivery.body) });
    }
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it.each([
    'checkout.session',
    'event',
    'charge',
    'refund',
    'dispute',
    'payment_intent',
  ] as const)('%s objects lack no top-level field of the fixture', (resource) => {
    const objects = served.filter((entry) => entry.resource === resource);
    expect(objects.length).toBeGreaterThan(0);
    const fixtureKeys = Object.keys(fixtures[resource]).sort();
    for (const { label, object } of objects) {
      const missing = fixtureKeys.filter((key) => !(key in object));
      expect({ label, missing }).toEqual({ label, missing: [] });
    }
  });

  it('events wrap each kind of object the app handles', () => {
    const kinds = served
      .filter((entry) => entry.resource === 'event')
      .map((entry) => (entry.object as Stripe.Event).data.object.object);
    expect(new Set(kinds)).toEqual(new Set(['checkout.session', 'charge', 'dispute']));
  });
});
