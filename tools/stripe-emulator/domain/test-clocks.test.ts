// Test clocks through the real stripe SDK: create, advance across periods (one invoice each, in order), failing cards, cancel at period end.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorWithReceiver, waitFor } from '../test-support';
import { subscribe } from '../test-support-plans';

const { t, receiver } = emulatorWithReceiver('per-test');

const JAN_1_2027 = Date.UTC(2027, 0, 1) / 1000;
const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / 1000;

async function advance(clock: string, frozenTime: number): Promise<Stripe.TestHelpers.TestClock> {
  const advancing = await t.stripe.testHelpers.testClocks.advance(clock, { frozen_time: frozenTime });
  expect(advancing).toMatchObject({ status: 'advancing', frozen_time: frozenTime });
  return waitFor(async () => {
    const current = await t.stripe.testHelpers.testClocks.retrieve(clock);
    return current.status === 'ready' ? current : undefined;
  });
}

describe('test clocks', () => {
  it('a customer on a clock subscribes at the clock’s time; advancing three months makes three cycle invoices in order', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027, name: 'three months' });
    expect(clock).toMatchObject({ object: 'test_helpers.test_clock', status: 'ready', frozen_time: JAN_1_2027 });
    const { customer, subscription } = await subscribe(t, { testClock: clock.id });
    expect(customer.test_clock).toBe(clock.id);
    expect(subscription).toMatchObject({ test_clock: clock.id, start_date: JAN_1_2027 });
    expect(subscription.items.data[0]).toMatchObject({
      current_period_start: JAN_1_2027,
      current_period_end: utc(2027, 2, 1),
    });

    const ready = await advance(clock.id, utc(2027, 4, 15));
    expect(ready.frozen_time).toBe(utc(2027, 4, 15));

    const invoices = (await t.stripe.invoices.list({ customer: customer.id })).data.reverse();
    expect(invoices.map((invoice) => invoice.billing_reason)).toEqual([
      'subscription_create',
      'subscription_cycle',
      'subscription_cycle',
      'subscription_cycle',
    ]);
    expect(invoices.map((invoice) => invoice.lines.data[0]!.period)).toEqual([
      { start: JAN_1_2027, end: utc(2027, 2, 1) },
      { start: utc(2027, 2, 1), end: utc(2027, 3, 1) },
      { start: utc(2027, 3, 1), end: utc(2027, 4, 1) },
      { start: utc(2027, 4, 1), end: utc(2027, 5, 1) },
    ]);
    expect(invoices.map((invoice) => invoice.created)).toEqual([
      JAN_1_2027,
      utc(2027, 2, 1),
      utc(2027, 3, 1),
      utc(2027, 4, 1),
    ]);
    expect(invoices.every((invoice) => invoice.status === 'paid' && invoice.test_clock === clock.id)).toBe(true);
    // A renewal's own period fields are the period that just ended.
    expect(invoices[2]).toMatchObject({ period_start: utc(2027, 2, 1), period_end: utc(2027, 3, 1) });

    const current = await t.stripe.subscriptions.retrieve(subscription.id);
    expect(current.items.data[0]).toMatchObject({
      current_period_start: utc(2027, 4, 1),
      current_period_end: utc(2027, 5, 1),
    });
    await waitFor(() => receiver.received.filter((d) => d.event.type === 'invoice.paid').length === 4);
    const paidPeriods = receiver.received
      .filter((delivery) => delivery.event.type === 'invoice.paid')
      .map((delivery) => (delivery.event.data.object as unknown as Stripe.Invoice).lines.data[0]!.period.start);
    expect(paidPeriods).toEqual([JAN_1_2027, utc(2027, 2, 1), utc(2027, 3, 1), utc(2027, 4, 1)]);
  });

  it('with card 0341 every renewal the clock crosses fails and the subscription is past_due', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027 });
    const { customer, subscription } = await subscribe(t, { testClock: clock.id, card: '4000000000000341' });
    await advance(clock.id, utc(2027, 3, 2));
    const invoices = (await t.stripe.invoices.list({ customer: customer.id })).data;
    expect(invoices.map((invoice) => invoice.status)).toEqual(['open', 'open', 'paid']);
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
    await waitFor(() => receiver.received.filter((d) => d.event.type === 'invoice.payment_failed').length === 2);
  });

  it('a subscription set to cancel at period end is deleted at that end, with no invoice, as the clock passes it', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027 });
    const { customer, subscription } = await subscribe(t, { testClock: clock.id });
    const updated = await t.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(updated).toMatchObject({ cancel_at: utc(2027, 2, 1), canceled_at: JAN_1_2027 });
    await advance(clock.id, utc(2027, 4, 1));
    expect(await t.stripe.subscriptions.retrieve(subscription.id)).toMatchObject({
      status: 'canceled',
      ended_at: utc(2027, 2, 1),
    });
    expect((await t.stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);
    await waitFor(() => receiver.received.some((d) => d.event.type === 'customer.subscription.deleted'));
  });

  it('refuses to go back in time, and a clock the emulator never made', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1_2027 });
    await expect(
      t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1_2027 - 60 }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'frozen_time' });
    await expect(t.stripe.testHelpers.testClocks.retrieve('clock_nope')).rejects.toMatchObject({ statusCode: 404 });
    await expect(t.stripe.customers.create({ test_clock: 'clock_nope' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'test_clock',
    });
  });

  it('month ends follow the anchor: Jan 31 renews on Feb 28 and Mar 31', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: utc(2027, 1, 31) });
    const { subscription } = await subscribe(t, { testClock: clock.id });
    expect(subscription.items.data[0]!.current_period_end).toBe(utc(2027, 2, 28));
    await advance(clock.id, utc(2027, 3, 1));
    const current = await t.stripe.subscriptions.retrieve(subscription.id);
    expect(current.items.data[0]).toMatchObject({
      current_period_start: utc(2027, 2, 28),
      current_period_end: utc(2027, 3, 31),
    });
  });
});
