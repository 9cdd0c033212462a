// PaymentIntents through the real SDK: an off-session charge of a saved card, its declines (Stripe's 402 shape), idempotency and events.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorWithReceiver, packSessionParams, rawStripePost, WEBHOOK_SECRET, waitFor } from '../test-support';

const { t, receiver } = emulatorWithReceiver('per-file');

/** A customer with a saved 4242 card that is then charged as `behavesAs` (the emulator's control). */
async function customerWithCard(behavesAs?: string): Promise<{ customer: string; card: string }> {
  const customer = await t.stripe.customers.create({ email: 'ada@example.com', name: 'Ada' });
  const saved = await t.control<Stripe.PaymentMethod>('POST', `/customers/${customer.id}/card`, {
    card: '4242424242424242',
  });
  expect(saved.status).toBe(200);
  if (behavesAs !== undefined) {
    const changed = await t.control('POST', `/payment_methods/${saved.body.id}/card`, { card: behavesAs });
    expect(changed.status).toBe(200);
  }
  return { customer: customer.id, card: saved.body.id };
}

function topUpParams(owner: { customer: string; card: string }): Stripe.PaymentIntentCreateParams {
  return {
    amount: 1000,
    currency: 'usd',
    customer: owner.customer,
    payment_method: owner.card,
    off_session: true,
    confirm: true,
    metadata: { userId: 'user_42', packId: 'pack_1000', attemptId: 'att_1' },
  };
}

const delivered = (type: string, id: string) =>
  receiver.received.filter((w) => w.event.type === type && w.event.data.object.id === id);

async function cardErrorOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeCardError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
  return error as Stripe.errors.StripeCardError;
}

describe('POST /v1/payment_intents off_session + confirm on a saved card', () => {
  it('succeeds with a charge, sends payment_intent.succeeded, and the charge refunds and disputes like a Checkout one', async () => {
    const owner = await customerWithCard();
    const paymentIntent = await t.stripe.paymentIntents.create(topUpParams(owner));

    expect(paymentIntent).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 1000,
      amount_received: 1000,
      currency: 'usd',
      customer: owner.customer,
      payment_method: owner.card,
      metadata: { userId: 'user_42', packId: 'pack_1000', attemptId: 'att_1' },
      last_payment_error: null,
    });
    const charge = await t.stripe.charges.retrieve(paymentIntent.latest_charge as string);
    expect(charge).toMatchObject({
      payment_intent: paymentIntent.id,
      customer: owner.customer,
      payment_method: owner.card,
      amount: 1000,
      paid: true,
      status: 'succeeded',
      metadata: { attemptId: 'att_1' },
    });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(await t.stripe.paymentIntents.retrieve(paymentIntent.id)).toEqual(paymentIntent);
    const withCharge = await t.stripe.paymentIntents.retrieve(paymentIntent.id, { expand: ['latest_charge'] });
    expect((withCharge.latest_charge as Stripe.Charge).id).toBe(charge.id);

    const [succeeded] = await waitFor(() => {
      const found = delivered('payment_intent.succeeded', paymentIntent.id);
      return found.length > 0 && found;
    });
    expect(succeeded!.event.data.object).toMatchObject({ status: 'succeeded', latest_charge: charge.id });
    expect(
      t.stripe.webhooks.constructEvent(
        succeeded!.body,
        succeeded!.headers['stripe-signature'] as string,
        WEBHOOK_SECRET,
      ),
    ).toMatchObject({ type: 'payment_intent.succeeded' });

    const refund = await t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 400 });
    expect(refund).toMatchObject({ charge: charge.id, amount: 400, status: 'succeeded' });
    expect((await t.stripe.charges.retrieve(charge.id)).amount_refunded).toBe(400);
    await waitFor(() => delivered('charge.refunded', charge.id).length === 1);
    const dispute = await t.control<Stripe.Dispute>('POST', `/charges/${charge.id}/dispute`, {});
    expect(dispute.status).toBe(200);
    expect(dispute.body).toMatchObject({ charge: charge.id, payment_intent: paymentIntent.id, amount: 1000 });
  });

  it('answers a retry with the same Idempotency-Key with the same intent, charging once', async () => {
    const owner = await customerWithCard();
    const first = await t.stripe.paymentIntents.create(topUpParams(owner), { idempotencyKey: 'topup-att-1' });
    const again = await t.stripe.paymentIntents.create(topUpParams(owner), { idempotencyKey: 'topup-att-1' });
    expect(again.id).toBe(first.id);
    const succeeded = (await t.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })).data;
    expect(
      succeeded.filter((event) => (event.data.object as Stripe.PaymentIntent).customer === owner.customer),
    ).toHaveLength(1);
  });

  it.each([
    ['4000 0027 6000 3184', 'authentication_required', 'authentication_required'],
    ['4000 0000 0000 0002', 'card_declined', 'generic_decline'],
    ['4000 0000 0000 9995', 'card_declined', 'insufficient_funds'],
    ['4000 0000 0000 0341', 'card_declined', 'generic_decline'],
  ])('card %s: 402 StripeCardError %s (%s) carrying the intent, and payment_intent.payment_failed', async (card, code, declineCode) => {
    const owner = await customerWithCard(card);
    const error = await cardErrorOf(
      t.stripe.paymentIntents.create(topUpParams(owner), { idempotencyKey: `d-${card}` }),
    );

    expect(error.statusCode).toBe(402);
    expect(error.code).toBe(code);
    expect(error.decline_code).toBe(declineCode);
    const failed = (error.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent;
    expect(failed).toMatchObject({
      object: 'payment_intent',
      status: 'requires_payment_method',
      amount: 1000,
      customer: owner.customer,
      latest_charge: null,
      metadata: { attemptId: 'att_1' },
      last_payment_error: { type: 'card_error', code, decline_code: declineCode },
    });
    expect(failed.last_payment_error?.payment_method?.id).toBe(owner.card);
    expect(await t.stripe.paymentIntents.retrieve(failed.id)).toMatchObject({ status: 'requires_payment_method' });

    // A retry with the key replays the decline: the same intent, no second attempt, no second event.
    const replay = await cardErrorOf(
      t.stripe.paymentIntents.create(topUpParams(owner), { idempotencyKey: `d-${card}` }),
    );
    expect((replay.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent.id).toBe(failed.id);
    const [event] = await waitFor(() => {
      const found = delivered('payment_intent.payment_failed', failed.id);
      return found.length > 0 && found;
    });
    expect(event!.event.data.object).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code } });
    const recorded = await t.control<{ events: Stripe.Event[] }>('GET', '/events?type=payment_intent.payment_failed');
    expect(recorded.body.events.filter((e) => (e.data.object as Stripe.PaymentIntent).id === failed.id)).toHaveLength(
      1,
    );
    expect(delivered('payment_intent.succeeded', failed.id)).toHaveLength(0);
  });

  it('a saved card made to behave as 4242 again pays the next charge', async () => {
    const owner = await customerWithCard('4000000000000002');
    await cardErrorOf(t.stripe.paymentIntents.create(topUpParams(owner)));
    await t.control('POST', `/payment_methods/${owner.card}/card`, { card: '4242424242424242' });
    expect((await t.stripe.paymentIntents.create(topUpParams(owner))).status).toBe('succeeded');
  });

  it('card 3184 pays on-session at Checkout (the customer passes 3-D Secure there) and waits for action on-session', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    const paid = await t.control('POST', `/checkout/sessions/${session.id}/pay`, { card: '4000002760003184' });
    expect(paid.status).toBe(200);
    const owner = await customerWithCard('4000002760003184');
    const onSession = await t.stripe.paymentIntents.create({ ...topUpParams(owner), off_session: undefined });
    expect(onSession).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
  });

  it('without confirm waits for it; POST /confirm off-session then charges', async () => {
    const owner = await customerWithCard();
    const { off_session: _off, confirm: _confirm, ...params } = topUpParams(owner);
    const created = await t.stripe.paymentIntents.create(params);
    expect(created).toMatchObject({ status: 'requires_confirmation', latest_charge: null });
    const confirmed = await t.stripe.paymentIntents.confirm(created.id, { off_session: true });
    expect(confirmed.status).toBe('succeeded');
    await expect(t.stripe.paymentIntents.confirm(created.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    });
  });
});

describe('GET /v1/payment_intents', () => {
  it('lists a customer’s intents newest first, declined ones too, and pages through them', async () => {
    const owner = await customerWithCard();
    const first = await t.stripe.paymentIntents.create(topUpParams(owner));
    await t.control('POST', `/payment_methods/${owner.card}/card`, { card: '4000000000000002' });
    const declined = await cardErrorOf(t.stripe.paymentIntents.create(topUpParams(owner)));
    const declinedId = (declined.raw as { payment_intent: Stripe.PaymentIntent }).payment_intent.id;
    await customerWithCard().then((other) => t.stripe.paymentIntents.create(topUpParams(other)));

    const listed = await t.stripe.paymentIntents.list({ customer: owner.customer });
    expect(listed.data.map((pi) => [pi.id, pi.status])).toEqual([
      [declinedId, 'requires_payment_method'],
      [first.id, 'succeeded'],
    ]);
    const page = await t.stripe.paymentIntents.list({ customer: owner.customer, limit: 1, starting_after: declinedId });
    expect(page.data.map((pi) => pi.id)).toEqual([first.id]);
  });
});

describe('POST /v1/payment_intents refuses what Stripe refuses, creating nothing', () => {
  it('an unknown card, another customer’s card, a tiny amount, off_session without confirm', async () => {
    const owner = await customerWithCard();
    const other = await customerWithCard();
    const before = (await t.stripe.events.list({ limit: 100 })).data.length;
    await expect(
      t.stripe.paymentIntents.create({ ...topUpParams(owner), payment_method: 'pm_nope' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_method',
    });
    await expect(
      t.stripe.paymentIntents.create({ ...topUpParams(owner), payment_method: other.card }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_method',
    });
    await expect(t.stripe.paymentIntents.create({ ...topUpParams(owner), amount: 10 })).rejects.toMatchObject({
      statusCode: 400,
      code: 'amount_too_small',
    });
    await expect(t.stripe.paymentIntents.create({ ...topUpParams(owner), confirm: false })).rejects.toMatchObject({
      statusCode: 400,
      param: 'off_session',
    });
    await expect(t.stripe.paymentIntents.retrieve('pi_nope')).rejects.toMatchObject({ statusCode: 404 });
    expect((await t.stripe.events.list({ limit: 100 })).data.length).toBe(before);
  });

  it('reads booleans as every SDK writes them (True from older python/.NET) and nested metadata', async () => {
    const owner = await customerWithCard();
    const form = [
      'amount=1000',
      'currency=usd',
      `customer=${owner.customer}`,
      `payment_method=${owner.card}`,
      'off_session=True',
      'confirm=True',
      'metadata[attemptId]=att_9',
      'metadata[0]=zero',
    ].join('&');
    const { status, body } = await rawStripePost(t.emulator, '/v1/payment_intents', form);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'succeeded', metadata: { attemptId: 'att_9', 0: 'zero' } });
    const bad = await rawStripePost(t.emulator, '/v1/payment_intents', form.replace('confirm=True', 'confirm=1'));
    expect(bad).toMatchObject({ status: 400, body: { error: { message: 'Invalid boolean: 1', param: 'confirm' } } });
  });
});
