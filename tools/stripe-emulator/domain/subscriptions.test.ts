// Subscriptions through the real stripe SDK: subscribe by Checkout, first invoice and its payment, renewals paid and failed, retries, switches, cancels, refunds.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorWithReceiver, waitFor } from '../test-support';
import { ensurePlanProduct, planSessionParams, subscribe } from '../test-support-plans';

const { t, receiver } = emulatorWithReceiver('per-test');

const types = () => receiver.received.map((delivery) => delivery.event.type);
const eventsOf = (type: string) => receiver.received.filter((delivery) => delivery.event.type === type);

describe('subscribing through Checkout', () => {
  it('starts an active subscription with a paid first invoice, its payment, and the events in Stripe’s order', async () => {
    const { customer, session, subscription } = await subscribe(t);

    expect(session).toMatchObject({
      mode: 'subscription',
      status: 'complete',
      payment_status: 'paid',
      customer: customer.id,
      payment_intent: null,
      amount_total: 2900,
    });
    expect(session.subscription).toMatch(/^sub_/);
    expect(session.invoice).toMatch(/^in_/);

    const item = subscription.items.data[0]!;
    expect(subscription).toMatchObject({
      status: 'active',
      customer: customer.id,
      cancel_at_period_end: false,
      latest_invoice: session.invoice,
      metadata: { userId: 'user_42', planId: 'pro' },
      test_clock: null,
    });
    expect(item.price).toMatchObject({ product: 'cc_plan_pro', unit_amount: 2900, recurring: { interval: 'month' } });
    const start = new Date(item.current_period_start * 1000);
    const end = new Date(item.current_period_end * 1000);
    expect(end.getUTCMonth()).toBe((start.getUTCMonth() + 1) % 12);
    expect(subscription).not.toHaveProperty('current_period_end');

    const invoice = await t.stripe.invoices.retrieve(session.invoice as string);
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_due: 2900,
      amount_paid: 2900,
      amount_remaining: 0,
      customer: customer.id,
      customer_email: 'ada@example.com',
      parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id } },
      hosted_invoice_url: `${t.emulator.url}/i/${invoice.id}`,
    });
    expect(invoice.number).toBe(`${customer.invoice_prefix}-0001`);
    expect(invoice.lines.data[0]!.period).toEqual({ start: item.current_period_start, end: item.current_period_end });

    const payments = await t.stripe.invoicePayments.list({ invoice: invoice.id });
    expect(payments.data).toHaveLength(1);
    const payment = payments.data[0]!;
    expect(payment).toMatchObject({
      invoice: invoice.id,
      status: 'paid',
      amount_paid: 2900,
      payment: { type: 'payment_intent' },
    });
    const paymentIntentId = payment.payment.payment_intent as string;
    const byIntent = await t.stripe.invoicePayments.list({
      payment: { type: 'payment_intent', payment_intent: paymentIntentId },
    });
    expect(byIntent.data.map((entry) => entry.id)).toEqual([payment.id]);
    const paymentIntent = await t.stripe.paymentIntents.retrieve(paymentIntentId);
    expect(paymentIntent).toMatchObject({ status: 'succeeded', amount: 2900, customer: customer.id });
    const charge = await t.stripe.charges.retrieve(paymentIntent.latest_charge as string);
    expect(charge).toMatchObject({ paid: true, amount: 2900, customer: customer.id, payment_intent: paymentIntentId });
    expect(charge.receipt_url).toBe(`${t.emulator.url}/receipts/payment/${charge.id}`);

    const expanded = await t.stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice', 'customer'] });
    expect(expanded.latest_invoice).toMatchObject({ object: 'invoice', id: invoice.id, status: 'paid' });
    expect(expanded.customer).toMatchObject({ object: 'customer', id: customer.id });
    expect((await t.stripe.invoices.retrieve(invoice.id, { expand: ['subscription'] })) as unknown).toMatchObject({
      subscription: { object: 'subscription', id: subscription.id },
    });
    await expect(t.stripe.subscriptions.retrieve(subscription.id, { expand: ['schedule'] })).rejects.toMatchObject({
      statusCode: 400,
      param: 'expand',
    });

    const refreshed = await t.stripe.customers.retrieve(customer.id);
    expect((refreshed as Stripe.Customer).invoice_settings.default_payment_method).toBe(
      subscription.default_payment_method,
    );

    await waitFor(() => receiver.received.length >= 7);
    expect(types()).toEqual([
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'checkout.session.completed',
    ]);
    expect(eventsOf('invoice.created')[0]!.event.data.object.status).toBe('draft');
    expect(eventsOf('invoice.finalized')[0]!.event.data.object.status).toBe('open');
    expect(eventsOf('invoice.paid')[0]!.event.data.object).toMatchObject({ status: 'paid', amount_paid: 2900 });
    expect(eventsOf('checkout.session.completed')[0]!.event.data.object).toMatchObject({
      mode: 'subscription',
      subscription: subscription.id,
      customer: customer.id,
      invoice: invoice.id,
      payment_status: 'paid',
    });
  });

  it('holds every event of a payment made with deliverWebhooks: false until released', async () => {
    const { session } = await subscribe(t, { deliverWebhooks: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(0);
    const released = await t.control<{ released: number }>('POST', `/checkout/sessions/${session.id}/deliver-held`);
    expect(released.body.released).toBe(7);
    await waitFor(() => receiver.received.length === 7);
  });

  it('makes a customer with the payer’s email when the session names none', async () => {
    const product = await ensurePlanProduct(t.stripe, 'pro');
    const params = planSessionParams('unused', product, 2900);
    const session = await t.stripe.checkout.sessions.create({
      ...params,
      customer: undefined,
      customer_email: 'new@example.com',
    });
    expect(session.customer).toBeNull();
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const paid = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['customer', 'subscription'] });
    expect(paid.customer).toMatchObject({ object: 'customer', email: 'new@example.com' });
    expect(paid.subscription).toMatchObject({ object: 'subscription', status: 'active' });
  });

  it('refuses a recurring price in payment mode and an unknown product', async () => {
    const product = await ensurePlanProduct(t.stripe, 'pro');
    const customer = await t.stripe.customers.create({ email: 'ada@example.com' });
    await expect(
      t.stripe.checkout.sessions.create({
        ...planSessionParams(customer.id, product, 2900),
        mode: 'payment',
        subscription_data: undefined,
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'line_items[0]' });
    await expect(
      t.stripe.checkout.sessions.create(planSessionParams(customer.id, 'cc_plan_nope', 2900)),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'line_items[0][price_data][product]',
    });
  });

  it('answers resource_already_exists for a product id made twice', async () => {
    await t.stripe.products.create({ id: 'cc_plan_pro', name: 'Pro', metadata: { planId: 'pro' } });
    await expect(t.stripe.products.create({ id: 'cc_plan_pro', name: 'Pro' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_already_exists',
    });
    expect(await t.stripe.products.retrieve('cc_plan_pro')).toMatchObject({ name: 'Pro', metadata: { planId: 'pro' } });
  });

  it('puts the customer on a payment-mode session, its payment intent and its charge', async () => {
    const customer = await t.stripe.customers.create({ email: 'ada@example.com' });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: '1,000 credits' } }, quantity: 1 },
      ],
      success_url: 'http://127.0.0.1:8787/ok',
    });
    expect(session).toMatchObject({ customer: customer.id, customer_email: null });
    expect(session.customer_details?.email).toBe('ada@example.com');
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const paid = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    const paymentIntent = paid.payment_intent as Stripe.PaymentIntent;
    expect(paymentIntent.customer).toBe(customer.id);
    expect((await t.stripe.charges.retrieve(paymentIntent.latest_charge as string)).customer).toBe(customer.id);
  });
});

describe('renewals', () => {
  it('the renew control starts the next period: a cycle invoice for it, paid, and the subscription updated', async () => {
    const { subscription } = await subscribe(t);
    const first = subscription.items.data[0]!;
    await waitFor(() => receiver.received.length >= 7);
    receiver.received.length = 0;

    const renewed = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    expect(renewed.status).toBe(200);
    const item = renewed.body.items.data[0]!;
    expect(item.current_period_start).toBe(first.current_period_end);
    expect(renewed.body.latest_invoice).not.toBe(subscription.latest_invoice);

    const invoice = await t.stripe.invoices.retrieve(renewed.body.latest_invoice as string);
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_cycle',
      period_start: first.current_period_start,
      period_end: first.current_period_end,
      parent: { subscription_details: { subscription: subscription.id } },
    });
    expect(invoice.lines.data[0]!.period).toEqual({ start: item.current_period_start, end: item.current_period_end });

    await waitFor(() => receiver.received.length >= 6);
    expect(types()).toEqual([
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'customer.subscription.updated',
    ]);
    const updated = eventsOf('customer.subscription.updated')[0]!.event.data;
    expect((updated.object.items as Stripe.ApiList<Stripe.SubscriptionItem>).data[0]!.current_period_end).toBe(
      item.current_period_end,
    );
    expect(updated.previous_attributes).toMatchObject({ latest_invoice: subscription.latest_invoice });
  });

  it('card 0341 pays at Checkout, fails the renewal (past_due), refuses a retry, then a new card pays it', async () => {
    const { customer, subscription } = await subscribe(t, { card: '4000 0000 0000 0341' });
    await waitFor(() => receiver.received.length >= 7);
    receiver.received.length = 0;

    const renewed = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    expect(renewed.body.status).toBe('past_due');
    const invoiceId = renewed.body.latest_invoice as string;
    const open = await t.stripe.invoices.retrieve(invoiceId);
    expect(open).toMatchObject({
      status: 'open',
      attempted: true,
      attempt_count: 1,
      amount_paid: 0,
      amount_remaining: 2900,
    });
    expect(open.next_payment_attempt).toBeGreaterThan(open.created);
    await waitFor(() => receiver.received.length >= 4);
    expect(types()).toEqual([
      'invoice.created',
      'invoice.finalized',
      'invoice.payment_failed',
      'customer.subscription.updated',
    ]);
    expect(eventsOf('customer.subscription.updated')[0]!.event.data).toMatchObject({
      object: { status: 'past_due' },
      previous_attributes: { status: 'active' },
    });

    await expect(t.stripe.invoices.pay(invoiceId)).rejects.toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect((await t.stripe.invoices.retrieve(invoiceId)).attempt_count).toBe(2);

    const swapped = await t.control<Stripe.PaymentMethod>('POST', `/customers/${customer.id}/card`, {
      card: '4242424242424242',
    });
    expect(swapped.body.card?.last4).toBe('4242');
    receiver.received.length = 0;
    const paid = await t.stripe.invoices.pay(invoiceId);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 2900, attempt_count: 3 });
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
    await waitFor(() => receiver.received.length >= 4);
    expect(types()).toEqual([
      'invoice.paid',
      'invoice.payment_succeeded',
      'invoice_payment.paid',
      'customer.subscription.updated',
    ]);
    const payments = await t.stripe.invoicePayments.list({ invoice: invoiceId });
    expect(payments.data.map((payment) => payment.status)).toEqual(['paid']);
  });

  it('renew {fail: true} fails one renewal even with a good card; the next renewal pays and reactivates', async () => {
    const { subscription } = await subscribe(t);
    const failed = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {
      fail: true,
    });
    expect(failed.body.status).toBe('past_due');
    const next = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    expect(next.body.status).toBe('active');
    const invoices = await t.stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((invoice) => invoice.status)).toEqual(['paid', 'open', 'paid']);
    expect((await t.stripe.invoices.list({ subscription: subscription.id, status: 'open' })).data).toHaveLength(1);
  });

  it('a refund of a renewal’s payment emits charge.refunded for that charge', async () => {
    const { subscription } = await subscribe(t);
    const renewed = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    const [payment] = (await t.stripe.invoicePayments.list({ invoice: renewed.body.latest_invoice as string })).data;
    const paymentIntent = payment!.payment.payment_intent as string;
    const refund = await t.stripe.refunds.create({ payment_intent: paymentIntent });
    expect(refund).toMatchObject({ amount: 2900, payment_intent: paymentIntent, status: 'succeeded' });
    const refunded = await waitFor(() => eventsOf('charge.refunded')[0]);
    expect(refunded.event.data.object).toMatchObject({
      payment_intent: paymentIntent,
      amount_refunded: 2900,
      refunded: true,
    });
  });
});

describe('changing and ending a subscription', () => {
  it('cancel at period end: updated now, deleted at the period end with no invoice; resume undoes it', async () => {
    const { subscription } = await subscribe(t);
    const end = subscription.items.data[0]!.current_period_end;
    const resumed = await t.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(resumed).toMatchObject({ cancel_at_period_end: true, cancel_at: end, status: 'active' });
    const undone = await t.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(undone).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    await t.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await waitFor(() => eventsOf('customer.subscription.updated').length === 3);
    expect(eventsOf('customer.subscription.updated')[0]!.event.data).toMatchObject({
      object: { cancel_at_period_end: true },
      previous_attributes: { cancel_at_period_end: false },
    });

    const ended = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    expect(ended.body).toMatchObject({ status: 'canceled', ended_at: end });
    expect((await t.stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
    const deleted = await waitFor(() => eventsOf('customer.subscription.deleted')[0]);
    expect(deleted.event.data.object).toMatchObject({ id: subscription.id, status: 'canceled' });
    expect((await t.control('POST', `/subscriptions/${subscription.id}/renew`, {})).status).toBe(400);
  });

  it('a plan switch by items[0][price_data] changes the price at once without an invoice; the next renewal bills it', async () => {
    const { subscription } = await subscribe(t);
    const studio = await ensurePlanProduct(t.stripe, 'studio', 'Studio');
    const item = subscription.items.data[0]!;
    const switched = await t.stripe.subscriptions.update(subscription.id, {
      items: [
        {
          id: item.id,
          price_data: { currency: 'usd', product: studio, unit_amount: 6900, recurring: { interval: 'month' } },
        },
      ],
      proration_behavior: 'none',
      metadata: { planId: 'studio' },
    });
    expect(switched.items.data[0]).toMatchObject({ id: item.id, price: { product: studio, unit_amount: 6900 } });
    expect(switched.items.data[0]!.current_period_end).toBe(item.current_period_end);
    expect(switched.metadata).toEqual({ userId: 'user_42', planId: 'studio' });
    expect((await t.stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
    const updated = await waitFor(() => eventsOf('customer.subscription.updated')[0]);
    const previousItems = updated.event.data.previous_attributes?.items as Stripe.ApiList<Stripe.SubscriptionItem>;
    expect(previousItems.data[0]!.price.product).toBe('cc_plan_pro');

    const renewed = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    const invoice = await t.stripe.invoices.retrieve(renewed.body.latest_invoice as string);
    expect(invoice).toMatchObject({
      amount_paid: 6900,
      parent: { subscription_details: { metadata: { planId: 'studio' } } },
    });

    const byPrice = await t.stripe.subscriptions.update(subscription.id, {
      items: [{ id: item.id, price: item.price.id }],
    });
    expect(byPrice.items.data[0]!.price.product).toBe('cc_plan_pro');
  });

  it('DELETE cancels at once; the list leaves canceled subscriptions out unless asked', async () => {
    const { customer, subscription } = await subscribe(t);
    const canceled = await t.stripe.subscriptions.cancel(subscription.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.ended_at).not.toBeNull();
    await waitFor(() => eventsOf('customer.subscription.deleted').length === 1);
    expect((await t.stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    const all = await t.stripe.subscriptions.list({ customer: customer.id, status: 'all' });
    expect(all.data.map((entry) => entry.id)).toEqual([subscription.id]);
    await expect(t.stripe.subscriptions.cancel(subscription.id)).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('listing invoices', () => {
  it('filters by customer, subscription, status and created, newest first, with cursor pages', async () => {
    const first = await subscribe(t, { email: 'ada@example.com' });
    const other = await subscribe(t, { email: 'bob@example.com' });
    for (let i = 0; i < 3; i++) await t.control('POST', `/subscriptions/${first.subscription.id}/renew`, {});

    const mine = await t.stripe.invoices.list({ customer: first.customer.id });
    expect(mine.data).toHaveLength(4);
    expect(mine.data.map((invoice) => invoice.billing_reason)).toEqual([
      'subscription_cycle',
      'subscription_cycle',
      'subscription_cycle',
      'subscription_create',
    ]);
    const page1 = await t.stripe.invoices.list({ customer: first.customer.id, limit: 3 });
    expect(page1.has_more).toBe(true);
    const page2 = await t.stripe.invoices.list({
      customer: first.customer.id,
      limit: 3,
      starting_after: page1.data[2]!.id,
    });
    expect(page2.data.map((invoice) => invoice.id)).toEqual([mine.data[3]!.id]);
    expect((await t.stripe.invoices.list({ subscription: other.subscription.id })).data).toHaveLength(1);
    const recent = await t.stripe.invoices.list({
      status: 'paid',
      created: { gte: Math.floor(Date.now() / 1000) - 60 },
    });
    expect(recent.data).toHaveLength(5);
    expect((await t.stripe.invoices.list({ created: { gte: Math.floor(Date.now() / 1000) + 60 } })).data).toHaveLength(
      0,
    );
  });
});
