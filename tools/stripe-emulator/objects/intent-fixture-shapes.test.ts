// The auto top-up's objects (API PaymentIntents succeeded and declined, SetupIntents, saved cards, their events) carry every top-level field of Stripe's fixtures.
import Stripe from 'stripe';
import { beforeAll, expect, it } from 'vitest';
import { emulatorWithReceiver, packSessionParams, waitFor } from '../test-support';
import { itCarriesFixtureFields, type ServedObject } from '../test-support-fixtures';

const RESOURCES = ['payment_intent', 'setup_intent', 'payment_method', 'charge', 'checkout.session', 'event'] as const;
const { t, receiver } = emulatorWithReceiver('per-file');
const served: Array<ServedObject<(typeof RESOURCES)[number]>> = [];

beforeAll(async () => {
  const customer = await t.stripe.customers.create({ email: 'ada@example.com' });

  const open = await t.stripe.checkout.sessions.create({
    mode: 'setup',
    customer: customer.id,
    success_url: 'http://127.0.0.1:8787/en/account',
  });
  served.push({ resource: 'checkout.session', label: 'open setup session', object: open });
  const pending = await t.stripe.setupIntents.retrieve(open.setup_intent as string);
  served.push({ resource: 'setup_intent', label: 'pending setup intent', object: pending });
  await t.control('POST', `/checkout/sessions/${open.id}/pay`, { card: '4242424242424242' });
  served.push({
    resource: 'checkout.session',
    label: 'complete setup session',
    object: await t.stripe.checkout.sessions.retrieve(open.id),
  });
  const succeeded = await t.stripe.setupIntents.retrieve(pending.id);
  served.push({ resource: 'setup_intent', label: 'succeeded setup intent', object: succeeded });
  const card = await t.stripe.paymentMethods.retrieve(succeeded.payment_method as string);
  served.push({ resource: 'payment_method', label: 'card saved by setup', object: card });
  const expired = await t.stripe.checkout.sessions.create({
    mode: 'setup',
    customer: customer.id,
    success_url: 'http://127.0.0.1:8787/en/account',
  });
  await t.stripe.checkout.sessions.expire(expired.id);
  served.push({
    resource: 'setup_intent',
    label: 'canceled setup intent',
    object: await t.stripe.setupIntents.retrieve(expired.setup_intent as string),
  });

  const topUp = { amount: 1000, currency: 'usd', customer: customer.id, payment_method: card.id };
  const charged = await t.stripe.paymentIntents.create({ ...topUp, off_session: true, confirm: true });
  served.push({ resource: 'payment_intent', label: 'succeeded API payment intent', object: charged });
  served.push({
    resource: 'charge',
    label: 'off-session charge',
    object: await t.stripe.charges.retrieve(charged.latest_charge as string),
  });
  served.push({
    resource: 'payment_intent',
    label: 'unconfirmed payment intent',
    object: await t.stripe.paymentIntents.create(topUp),
  });
  await t.control('POST', `/payment_methods/${card.id}/card`, { card: '4000000000009995' });
  const declined = await t.stripe.paymentIntents.create({ ...topUp, off_session: true, confirm: true }).catch((e) => e);
  expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
  const raw = (declined as Stripe.errors.StripeCardError).raw as { payment_intent: object; payment_method: object };
  served.push({ resource: 'payment_intent', label: 'declined intent in the 402', object: raw.payment_intent });
  served.push({ resource: 'payment_method', label: 'card in the 402', object: raw.payment_method });

  const paid = await t.stripe.checkout.sessions.create(
    packSessionParams({ customer: customer.id, payment_intent_data: { setup_future_usage: 'off_session' } }),
  );
  await t.control('POST', `/checkout/sessions/${paid.id}/pay`, {});
  const kept = await t.stripe.customers.listPaymentMethods(customer.id);
  for (const method of kept.data) served.push({ resource: 'payment_method', label: 'listed card', object: method });

  await waitFor(() => receiver.received.some((w) => w.event.type === 'payment_intent.payment_failed'));
  for (const delivery of receiver.received) {
    served.push({ resource: 'event', label: `delivered ${delivery.event.type}`, object: JSON.parse(delivery.body) });
    const object = delivery.event.data.object as { object: string };
    if (object.object === 'payment_intent' || object.object === 'setup_intent') {
      served.push({ resource: object.object, label: `${delivery.event.type} payload`, object });
    }
  }
});

itCarriesFixtureFields(RESOURCES, served, '%s objects of the auto top-up lack no top-level field of the fixture');

it('the events sent are the ones the auto top-up reads', () => {
  const types = new Set(
    served.filter((entry) => entry.resource === 'event').map((entry) => (entry.object as Stripe.Event).type),
  );
  for (const type of [
    'setup_intent.succeeded',
    'checkout.session.completed',
    'payment_intent.succeeded',
    'payment_intent.payment_failed',
  ]) {
    expect(types).toContain(type);
  }
});
