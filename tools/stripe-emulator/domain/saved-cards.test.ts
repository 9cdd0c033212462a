// A customer's saved cards through the real SDK: the invoice default, attach and detach, and the control that changes how a card is charged.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offSessionCharge, startTestEmulator, type TestEmulator } from '../test-support';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.close();
});

async function savedCard(customer: string): Promise<string> {
  const saved = await t.control<Stripe.PaymentMethod>('POST', `/customers/${customer}/card`, {
    card: '4242424242424242',
  });
  expect(saved.status).toBe(200);
  return saved.body.id;
}

describe('a customer’s default card and the saved-card control', () => {
  it('sets and clears invoice_settings.default_payment_method; refuses a card that is not the customer’s, changing nothing', async () => {
    const customer = await t.stripe.customers.create({ email: 'ada@example.com' });
    const other = await t.stripe.customers.create({});
    const mine = await t.control<Stripe.PaymentMethod>('POST', `/customers/${customer.id}/card`, {
      card: '4242424242424242',
    });
    const theirs = await t.control<Stripe.PaymentMethod>('POST', `/customers/${other.id}/card`, {
      card: '4242424242424242',
    });
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: '' } });
    expect((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      invoice_settings: { default_payment_method: null },
    });
    const updated = await t.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: mine.body.id },
    });
    expect(updated.invoice_settings.default_payment_method).toBe(mine.body.id);

    await expect(
      t.stripe.customers.update(customer.id, {
        email: 'changed@example.com',
        invoice_settings: { default_payment_method: theirs.body.id },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'invoice_settings[default_payment_method]' });
    await expect(
      t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_nope' } }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'resource_missing' });
    expect((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      email: 'ada@example.com',
      invoice_settings: { default_payment_method: mine.body.id },
    });
  });

  it('POST /_emulator/payment_methods/{id}/card: 404 for an unknown card, 400 for a malformed number', async () => {
    const customer = await t.stripe.customers.create({});
    const saved = await t.control<Stripe.PaymentMethod>('POST', `/customers/${customer.id}/card`, {
      card: '4242424242424242',
    });
    expect((await t.control('POST', '/payment_methods/pm_nope/card', { card: '4000000000000002' })).status).toBe(404);
    const bad = await t.control<{ error: { param: string } }>('POST', `/payment_methods/${saved.body.id}/card`, {
      card: '4242 4242 4242 4241',
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { param: 'card' } } });
    expect((await offSessionCharge(t, customer.id, saved.body.id)).status).toBe('succeeded');
  });

  it('detach: the card leaves its customer (and its invoice default), is no longer listed nor chargeable for it; attach brings it back', async () => {
    const customer = await t.stripe.customers.create({});
    const card = await savedCard(customer.id);
    expect(
      ((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method,
    ).toBe(card);

    const detached = await t.stripe.paymentMethods.detach(card);
    expect(detached.customer).toBeNull();
    expect(
      ((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method,
    ).toBeNull();
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
    await expect(offSessionCharge(t, customer.id, card)).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_method',
    });
    await expect(t.stripe.paymentMethods.detach(card)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_method_unexpected_state',
    });

    // As with Stripe, a detached card is never used again, not even by attaching it back.
    await expect(t.stripe.paymentMethods.attach(card, { customer: customer.id })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('attach: a card saved without a customer joins one and can then be charged for it; attached elsewhere is refused', async () => {
    const customer = await t.stripe.customers.create({});
    const session = await t.stripe.checkout.sessions.create({ mode: 'setup', success_url: 'http://127.0.0.1:8787/ok' });
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const card = (await t.stripe.setupIntents.retrieve(session.setup_intent as string)).payment_method as string;
    expect((await t.stripe.paymentMethods.retrieve(card)).customer).toBeNull();

    const attached = await t.stripe.paymentMethods.attach(card, { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([card]);
    expect((await offSessionCharge(t, customer.id, card)).status).toBe('succeeded');
    const other = await t.stripe.customers.create({});
    await expect(t.stripe.paymentMethods.attach(card, { customer: other.id })).rejects.toMatchObject({
      statusCode: 400,
    });
    expect((await t.stripe.paymentMethods.retrieve(card)).customer).toBe(customer.id);
  });
});
