// Every object the emulator serves carries every top-level field of Stripe's own example of that type (fixtures/stripe-fixtures.json).
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { emulatorWithReceiver, packSessionParams, waitFor } from '../test-support';
import { fixtureFile, itCarriesFixtureFields, type ServedObject } from '../test-support-fixtures';
import { subscribe } from '../test-support-plans';

const RESOURCES = ['checkout.session', 'event', 'charge', 'refund', 'dispute', 'payment_intent'] as const;

describe('the vendored fixtures', () => {
  it('name their source and hold every resource the emulator serves or the subscription work needs', () => {
    expect(fixtureFile.source).toMatch(/^stripe\/openapi, openapi\/fixtures3\.json at commit [0-9a-f]{8}/);
    const expected = [
      ...['checkout.session', 'event', 'charge', 'refund', 'dispute', 'payment_intent'],
      ...['invoice', 'subscription', 'customer', 'billing_portal.session', 'test_helpers.test_clock'],
      ...['price', 'product', 'payment_method', 'invoice_payment', 'setup_intent'],
    ];
    for (const name of expected) {
      expect(fixtureFile.resources[name]?.object, name).toBe(name);
    }
  });
});

describe('objects carry every top-level field of Stripe’s fixtures', () => {
  const { t, receiver } = emulatorWithReceiver('per-file');
  const served: Array<ServedObject<(typeof RESOURCES)[number]>> = [];

  beforeAll(async () => {
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

  itCarriesFixtureFields(RESOURCES, served);

  it('events wrap each kind of object the app handles', () => {
    const kinds = served
      .filter((entry) => entry.resource === 'event')
      .map((entry) => (entry.object as Stripe.Event).data.object.object);
    expect(new Set(kinds)).toEqual(new Set(['checkout.session', 'charge', 'dispute']));
  });
});

const BILLING_RESOURCES = [
  'invoice',
  'subscription',
  'customer',
  'billing_portal.session',
  'test_helpers.test_clock',
  'price',
  'product',
  'payment_method',
  'invoice_payment',
] as const;
type BillingResource = (typeof BILLING_RESOURCES)[number];

describe('billing objects carry every top-level field of Stripe’s fixtures', () => {
  const { t, receiver } = emulatorWithReceiver('per-file');
  const served: Array<ServedObject<BillingResource>> = [];

  beforeAll(async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: 1_798_761_600 });
    served.push({ resource: 'test_helpers.test_clock', label: 'clock', object: clock });
    const { customer, subscription } = await subscribe(t, { testClock: clock.id, card: '4000000000000341' });
    served.push({ resource: 'customer', label: 'new customer', object: customer });
    served.push({
      resource: 'customer',
      label: 'customer with a card',
      object: await t.stripe.customers.retrieve(customer.id),
    });
    served.push({ resource: 'subscription', label: 'active subscription', object: subscription });
    const item = subscription.items.data[0]!;
    served.push({ resource: 'price', label: 'recurring price', object: await t.stripe.prices.retrieve(item.price.id) });
    served.push({
      resource: 'product',
      label: 'plan product',
      object: await t.stripe.products.retrieve('cc_plan_pro'),
    });
    served.push({
      resource: 'payment_method',
      label: 'saved card',
      object: await t.stripe.paymentMethods.retrieve(subscription.default_payment_method as string),
    });
    const advancing = await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 1_801_440_000 });
    served.push({ resource: 'test_helpers.test_clock', label: 'advancing clock', object: advancing });
    await waitFor(async () => (await t.stripe.testHelpers.testClocks.retrieve(clock.id)).status === 'ready');
    served.push({
      resource: 'subscription',
      label: 'past-due subscription',
      object: await t.stripe.subscriptions.retrieve(subscription.id),
    });
    for (const invoice of (await t.stripe.invoices.list({ customer: customer.id })).data) {
      served.push({ resource: 'invoice', label: `${invoice.status} invoice`, object: invoice });
      for (const payment of (await t.stripe.invoicePayments.list({ invoice: invoice.id })).data) {
        served.push({ resource: 'invoice_payment', label: `${payment.status} invoice payment`, object: payment });
      }
    }
    served.push({
      resource: 'billing_portal.session',
      label: 'portal session',
      object: await t.stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: 'http://127.0.0.1:8787/en',
      }),
    });
    served.push({
      resource: 'subscription',
      label: 'canceled subscription',
      object: await t.stripe.subscriptions.cancel(subscription.id),
    });
    await waitFor(() => receiver.received.length >= 12);
    for (const delivery of receiver.received) {
      const object = delivery.event.data.object as { object: string };
      if ((BILLING_RESOURCES as readonly string[]).includes(object.object)) {
        served.push({ resource: object.object as BillingResource, label: `${delivery.event.type} payload`, object });
      }
    }
  });

  itCarriesFixtureFields(BILLING_RESOURCES, served);
});
