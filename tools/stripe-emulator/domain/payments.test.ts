// Paying through the control endpoint, declines, bank transfers, refunds and disputes, with the events each one records.
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packSessionParams, startTestEmulator, type TestEmulator, waitFor } from '../test-support';

type EventList = { events: Stripe.Event[] };

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.close();
});

async function events(type?: string): Promise<Stripe.Event[]> {
  const { body } = await t.control<EventList>('GET', `/events${type ? `?type=${type}` : ''}`);
  return body.events;
}

async function paidSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const session = await t.stripe.checkout.sessions.create(packSessionParams(overrides));
  const paid = await t.control<Stripe.Checkout.Session>('POST', `/checkout/sessions/${session.id}/pay`, {
    card: '4242 4242 4242 4242',
    email: 'ada@example.com',
  });
  expect(paid.status).toBe(200);
  const paymentIntent = await t.stripe.paymentIntents.retrieve(paid.body.payment_intent as string);
  const charge = await t.stripe.charges.retrieve(paymentIntent.latest_charge as string);
  return { session: paid.body, paymentIntent, charge };
}

describe('POST /_emulator/checkout/sessions/{id}/pay', () => {
  it('completes the session, creates a succeeded payment intent and charge, and records checkout.session.completed', async () => {
    const { session, paymentIntent, charge } = await paidSession();

    expect(session).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    expect(session.customer_details?.email).toBe('ada@example.com');
    expect(paymentIntent).toMatchObject({
      status: 'succeeded',
      amount: 1000,
      amount_received: 1000,
      currency: 'usd',
      latest_charge: charge.id,
      metadata: { packId: 'pack_1000', userId: 'user_42' },
    });
    expect(charge).toMatchObject({
      payment_intent: paymentIntent.id,
      amount: 1000,
      amount_captured: 1000,
      amount_refunded: 0,
      paid: true,
      refunded: false,
      status: 'succeeded',
      metadata: { packId: 'pack_1000', userId: 'user_42' },
    });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });

    const recorded = await events();
    expect(recorded.map((event) => event.type)).toEqual(['checkout.session.completed']);
    expect(recorded[0]!.data.object).toMatchObject({
      id: session.id,
      payment_status: 'paid',
      payment_intent: paymentIntent.id,
    });
    expect(recorded[0]!.request).toEqual({ id: null, idempotency_key: null });
  });

  it('answers a declining test card with a 402 card_error and leaves the session open with no event', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    const declined = await t.control('POST', `/checkout/sessions/${session.id}/pay`, { card: '4000 0000 0000 0002' });
    expect(declined).toEqual({
      status: 402,
      body: {
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
          doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        },
      },
    });
    const poor = await t.control('POST', `/checkout/sessions/${session.id}/pay`, { card: '4000000000009995' });
    expect(poor.status).toBe(402);
    expect(poor.body).toMatchObject({
      error: { decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
    });

    const after = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(after).toMatchObject({ status: 'open', payment_status: 'unpaid', payment_intent: null });
    expect(await events()).toEqual([]);
  });

  it('answers 404 for an unknown session and 400 for one that is no longer open', async () => {
    const unknown = await t.control('POST', '/checkout/sessions/cs_test_unknown/pay', {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'resource_missing' } });

    const { session } = await paidSession();
    const again = await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    expect(again.status).toBe(400);
    expect(await events('checkout.session.completed')).toHaveLength(1);
  });

  it('completes a bank transfer unpaid, then settles it paid with checkout.session.async_payment_succeeded', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    const pending = await t.control<Stripe.Checkout.Session>('POST', `/checkout/sessions/${session.id}/pay`, {
      method: 'bank_transfer',
      // Long enough that the checks below run before it settles, even on a busy 2-core machine.
      asyncSettleMs: 1_000,
    });
    expect(pending.body).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const processing = await t.stripe.paymentIntents.retrieve(pending.body.payment_intent as string);
    expect(processing).toMatchObject({ status: 'processing', latest_charge: null, amount_received: 0 });
    // Nothing to refund while the money has not arrived.
    await expect(t.stripe.refunds.create({ payment_intent: processing.id })).rejects.toMatchObject({ statusCode: 400 });

    const settled = await waitFor(async () => (await events('checkout.session.async_payment_succeeded'))[0]);
    expect(settled.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    expect((await events()).map((event) => event.type)).toEqual([
      'checkout.session.async_payment_succeeded',
      'checkout.session.completed',
    ]);
    const succeeded = await t.stripe.paymentIntents.retrieve(processing.id);
    expect(succeeded).toMatchObject({ status: 'succeeded', amount_received: 1000 });
    const charge = await t.stripe.charges.retrieve(succeeded.latest_charge as string);
    expect(charge).toMatchObject({
      status: 'succeeded',
      amount: 1000,
      payment_method_details: { type: 'customer_balance' },
    });
  });

  it('fails a bank transfer on request with checkout.session.async_payment_failed, leaving it unpaid', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {
      method: 'bank_transfer',
      asyncOutcome: 'failed',
      asyncSettleMs: 0,
    });
    const failed = await waitFor(async () => (await events('checkout.session.async_payment_failed'))[0]);
    expect(failed.data.object).toMatchObject({ id: session.id, payment_status: 'unpaid' });
    const after = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(after.payment_status).toBe('unpaid');
    expect(after.payment_intent).toMatchObject({ status: 'requires_payment_method' });
  });
});

describe('POST /v1/refunds', () => {
  it('refunds part, then the rest, with charge.refunded carrying the running amount_refunded', async () => {
    const { paymentIntent, charge } = await paidSession();

    const partial = await t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 300 });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 300,
      charge: charge.id,
      payment_intent: paymentIntent.id,
      status: 'succeeded',
    });
    expect(partial.id).toMatch(/^re_/);
    expect(await t.stripe.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 300, refunded: false });

    const rest = await t.stripe.refunds.create({ payment_intent: paymentIntent.id });
    expect(rest.amount).toBe(700);
    const refundedCharge = await t.stripe.charges.retrieve(charge.id);
    expect(refundedCharge).toMatchObject({ amount_refunded: 1000, refunded: true });
    expect(refundedCharge.refunds?.data.map((refund) => refund.id)).toEqual([rest.id, partial.id]);

    const refundEvents = (await events('charge.refunded')).reverse();
    expect(refundEvents.map((event) => (event.data.object as Stripe.Charge).amount_refunded)).toEqual([300, 1000]);
    expect(refundEvents.map((event) => event.data.previous_attributes)).toEqual([
      { amount_refunded: 0 },
      { amount_refunded: 300, refunded: false },
    ]);
    expect(refundEvents[0]!.request?.id).toBe(partial.lastResponse.requestId);
  });

  it('refuses more than remains and anything once fully refunded, changing nothing', async () => {
    const { paymentIntent, charge } = await paidSession();
    await t.stripe.refunds.create({ charge: charge.id, amount: 400 });

    await expect(t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 601 })).rejects.toMatchObject({
      statusCode: 400,
      code: 'amount_too_large',
      param: 'amount',
      message: 'Refund amount ($6.01) is greater than unrefunded amount on charge ($6.00)',
    });
    expect((await t.stripe.charges.retrieve(charge.id)).amount_refunded).toBe(400);

    await t.stripe.refunds.create({ payment_intent: paymentIntent.id, amount: 600 });
    await expect(t.stripe.refunds.create({ payment_intent: paymentIntent.id })).rejects.toMatchObject({
      statusCode: 400,
      code: 'charge_already_refunded',
    });
    expect(await events('charge.refunded')).toHaveLength(2);
  });

  it('names the unknown payment intent and insists on payment_intent or charge', async () => {
    await expect(t.stripe.refunds.create({ payment_intent: 'pi_missing' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'payment_intent',
    });
    await expect(t.stripe.refunds.create({})).rejects.toMatchObject({ statusCode: 400, code: 'parameter_missing' });
  });
});

describe('disputes', () => {
  it('opens a dispute for the charge amount and closes it won, recording both events', async () => {
    const { paymentIntent, charge } = await paidSession();
    const opened = await t.control<Stripe.Dispute>('POST', `/charges/${charge.id}/dispute`, {});
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      object: 'dispute',
      status: 'needs_response',
      amount: 1000,
      charge: charge.id,
      payment_intent: paymentIntent.id,
    });
    expect(opened.body.id).toMatch(/^dp_/);
    expect((await t.stripe.charges.retrieve(charge.id)).disputed).toBe(true);
    await expect(t.stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({ code: 'charge_disputed' });

    const closed = await t.control<Stripe.Dispute>('POST', `/disputes/${opened.body.id}/close`, { status: 'won' });
    expect(closed.body.status).toBe('won');
    const [closedEvent] = await events('charge.dispute.closed');
    expect(closedEvent?.data.object).toMatchObject({ id: opened.body.id, status: 'won' });
    expect(closedEvent?.data.previous_attributes).toEqual({ status: 'needs_response' });
    expect((await events('charge.dispute.created'))[0]?.data.object).toMatchObject({
      id: opened.body.id,
      amount: 1000,
    });

    const again = await t.control('POST', `/disputes/${opened.body.id}/close`, { status: 'lost' });
    expect(again.status).toBe(400);
  });

  it('disputes part of a charge when given an amount, and refuses more than the charge', async () => {
    const { charge } = await paidSession();
    const tooMuch = await t.control('POST', `/charges/${charge.id}/dispute`, { amount: 1001 });
    expect(tooMuch.status).toBe(400);
    const partial = await t.control<Stripe.Dispute>('POST', `/charges/${charge.id}/dispute`, { amount: 250 });
    expect(partial.body.amount).toBe(250);
    const unknown = await t.control('POST', '/charges/ch_missing/dispute', {});
    expect(unknown.status).toBe(404);
  });
});
