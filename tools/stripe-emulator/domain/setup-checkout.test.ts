// Saved cards through the real SDK: setup-mode Checkout (SetupIntent), setup_future_usage on a payment, a customer's cards and default.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorWithReceiver, offSessionCharge, packSessionParams, waitFor } from '../test-support';

const { t, receiver } = emulatorWithReceiver('per-file');

const SUCCESS_URL = 'http://127.0.0.1:8787/en/account?setup={CHECKOUT_SESSION_ID}';

async function setupSession(customer: string, overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create({
    mode: 'setup',
    customer,
    currency: 'usd',
    success_url: SUCCESS_URL,
    cancel_url: 'http://127.0.0.1:8787/en/account',
    setup_intent_data: { metadata: { userId: 'user_42' } },
    metadata: { purpose: 'auto_topup_card' },
    ...overrides,
  });
}

describe('Checkout mode=setup', () => {
  it('saves the card as a payment method attached to the customer, named by the SetupIntent and checkout.session.completed', async () => {
    const customer = await t.stripe.customers.create({ email: 'ada@example.com' });
    const session = await setupSession(customer.id);
    expect(session).toMatchObject({
      mode: 'setup',
      status: 'open',
      customer: customer.id,
      amount_total: null,
      payment_intent: null,
      payment_status: 'no_payment_required',
    });
    const pending = await t.stripe.setupIntents.retrieve(session.setup_intent as string);
    expect(pending).toMatchObject({
      object: 'setup_intent',
      status: 'requires_payment_method',
      customer: customer.id,
      usage: 'off_session',
      payment_method: null,
      metadata: { userId: 'user_42' },
    });

    const paid = await t.control<Stripe.Checkout.Session>('POST', `/checkout/sessions/${session.id}/pay`, {
      card: '4242 4242 4242 4242',
      name: 'Ada Lovelace',
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'complete', setup_intent: pending.id, payment_intent: null });
    const setupIntent = await t.stripe.setupIntents.retrieve(pending.id, { expand: ['payment_method'] });
    expect(setupIntent.status).toBe('succeeded');
    const card = setupIntent.payment_method as Stripe.PaymentMethod;
    expect(card).toMatchObject({ object: 'payment_method', type: 'card', customer: customer.id });
    expect(card.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 12 });
    expect(card.card!.exp_year).toBeGreaterThan(new Date().getFullYear());
    expect(card.billing_details.name).toBe('Ada Lovelace');
    expect(await t.stripe.paymentMethods.retrieve(card.id)).toMatchObject({ id: card.id, customer: customer.id });
    const listed = await t.stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
    expect(listed.data.map((method) => method.id)).toEqual([card.id]);
    // Stripe leaves the invoice default alone; the app sets it if it wants.
    expect((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      invoice_settings: { default_payment_method: null },
    });

    const completed = await waitFor(() =>
      receiver.received.find(
        (w) => w.event.type === 'checkout.session.completed' && w.event.data.object.id === session.id,
      ),
    );
    expect(completed.event.data.object).toMatchObject({
      mode: 'setup',
      setup_intent: pending.id,
      customer: customer.id,
    });
    const succeeded = await waitFor(() => receiver.received.find((w) => w.event.type === 'setup_intent.succeeded'));
    expect(succeeded.event.data.object).toMatchObject({ id: pending.id, payment_method: card.id });

    expect((await offSessionCharge(t, customer.id, card.id)).status).toBe('succeeded');
  });

  it('the hosted page saves a card (3184 passes 3-D Secure there) that then wants authentication off-session', async () => {
    const customer = await t.stripe.customers.create({ email: 'ada@example.com' });
    const session = await setupSession(customer.id, { locale: 'en' });
    const page = await (await fetch(session.url!)).text();
    expect(page).toContain('Save card');
    expect(page).toContain('Nothing is charged now.');
    expect(page).not.toContain('value="bank_transfer"');

    const post = (card: string) =>
      fetch(session.url!, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          email: 'ada@example.com',
          method: 'card',
          card_number: card,
          card_expiry: '12 / 34',
          card_cvc: '123',
          card_name: 'Ada',
        }).toString(),
        redirect: 'manual',
      });
    const declined = await post('4000 0000 0000 0002');
    expect(declined.status).toBe(402);
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    const saved = await post('4000 0027 6000 3184');
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(SUCCESS_URL.replace('{CHECKOUT_SESSION_ID}', session.id));
    const setupIntent = await t.stripe.setupIntents.retrieve(session.setup_intent as string);
    const error = await offSessionCharge(t, customer.id, setupIntent.payment_method as string).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'authentication_required' });
    expect(await (await fetch(session.url ?? `${t.emulator.url}/c/pay/${session.id}`)).text()).toContain('Card saved');
  });

  it('refuses line items, and an expired setup session cancels its SetupIntent', async () => {
    const customer = await t.stripe.customers.create({});
    await expect(setupSession(customer.id, { line_items: packSessionParams().line_items })).rejects.toMatchObject({
      statusCode: 400,
      param: 'line_items',
    });
    const session = await setupSession(customer.id);
    await t.stripe.checkout.sessions.expire(session.id);
    expect(await t.stripe.setupIntents.retrieve(session.setup_intent as string)).toMatchObject({ status: 'canceled' });
  });
});

describe('payment_intent_data[setup_future_usage]=off_session on a payment', () => {
  it('keeps the paid card on the customer and on the payment intent', async () => {
    const customer = await t.stripe.customers.create({ email: 'ada@example.com' });
    const session = await t.stripe.checkout.sessions.create(
      packSessionParams({ customer: customer.id, payment_intent_data: { setup_future_usage: 'off_session' } }),
    );
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, { card: '4242424242424242' });
    const paymentIntent = await t.stripe.paymentIntents.retrieve(
      (await t.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string,
    );
    expect(paymentIntent).toMatchObject({
      status: 'succeeded',
      customer: customer.id,
      setup_future_usage: 'off_session',
    });
    const card = await t.stripe.paymentMethods.retrieve(paymentIntent.payment_method as string);
    expect(card).toMatchObject({ customer: customer.id, card: { last4: '4242' } });
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([card.id]);
    expect((await offSessionCharge(t, customer.id, card.id)).status).toBe('succeeded');
  });

  it('makes a customer when the session named none, as Stripe does', async () => {
    const session = await t.stripe.checkout.sessions.create(
      packSessionParams({
        customer_email: 'bo@example.com',
        payment_intent_data: { setup_future_usage: 'off_session' },
      }),
    );
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const completed = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(completed.customer).toMatch(/^cus_/);
    const paymentIntent = completed.payment_intent as Stripe.PaymentIntent;
    expect(paymentIntent.customer).toBe(completed.customer);
    expect((await t.stripe.paymentMethods.retrieve(paymentIntent.payment_method as string)).customer).toBe(
      completed.customer,
    );
  });

  it('a plain payment saves nothing', async () => {
    const customer = await t.stripe.customers.create({});
    const session = await t.stripe.checkout.sessions.create(packSessionParams({ customer: customer.id }));
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
    const paymentIntent = await t.stripe.paymentIntents.retrieve(
      (await t.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string,
    );
    expect(paymentIntent.setup_future_usage).toBeNull();
  });
});
