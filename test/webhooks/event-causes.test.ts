// Each event type from its real cause beyond the purchase path (outbox.test.ts): subscription
// allowance and status change, hold expiry, lot expiry, and the balance.low / balance.depleted
// crossing rules, including 50 concurrent spends crossing the line (exactly one alert).
import { beforeAll, describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepUser } from '../../worker/ledger/expiry';
import { reserveHold } from '../../worker/ledger/holds';
import { spend } from '../../worker/ledger/spending';
import { grantCredits, signUp, testDb } from '../helpers';
import { at, deliverOk, invoiceFailed, invoicePaid, subscriber, subscriptionEvent } from '../subscriptions/support';
import { addReceiver, eventsOf } from './support';

const spendOne = (userId: string, key: string, amount = 1) =>
  spend(testDb(), ignoreCommits, { userId, amount, reason: 'render', idempotencyKey: key });

describe('events from their causes', () => {
  beforeAll(addReceiver);

  it('a paid subscription invoice reports credits.granted (source subscription); a status change subscription.updated, once', async () => {
    const s = await subscriber('pro');
    const t = Math.floor(Date.now() / 1000);
    await deliverOk(at(subscriptionEvent('created', s), t));
    await deliverOk(at(invoicePaid(s, { n: 1 }), t));
    await deliverOk(at(invoiceFailed(s, { n: 2 }), t + 10));
    // Stripe repeats the failure: the stored state does not change, so no second event.
    await deliverOk(at(invoiceFailed(s, { n: 2 }), t + 10));
    const granted = await eventsOf(s.user.id, 'credits.granted');
    expect(granted.map((e) => [e.data.source, e.data.credits, e.data.balance])).toEqual([
      ['subscription', 7_700, 7_700],
    ]);
    const updates = await eventsOf(s.user.id, 'subscription.updated');
    expect(updates.map((e) => [e.data.planId, e.data.status, e.data.cancelAtPeriodEnd])).toEqual([
      ['pro', 'active', false],
      ['pro', 'past_due', false],
    ]);
    expect(updates[1].data).toMatchObject({ balance: 7_700, subscriptionId: s.subscriptionId });
    expect(updates[1].data.currentPeriodEnd).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('a hold reaching its expiry reports hold.expired with its id and amount', async () => {
    const user = await signUp();
    await grantCredits(user.id, 500);
    const now = Date.now();
    const held = await reserveHold(
      testDb(),
      ignoreCommits,
      { userId: user.id, amount: 40, reason: 'job', idempotencyKey: 'h1', ttlSeconds: 60 },
      now,
    );
    if (held.outcome !== 'reserved') throw new Error(held.outcome);
    await sweepUser(testDb(), ignoreCommits, user.id, now + 61_000);
    await sweepUser(testDb(), ignoreCommits, user.id, now + 62_000);
    const expired = await eventsOf(user.id, 'hold.expired');
    expect(expired.map((e) => e.data)).toEqual([
      expect.objectContaining({ holdId: held.hold.id, amount: 40, balance: 500, userId: user.id }),
    ]);
  });

  it('an expired lot swept reports credits.expired with its lot and negative credits', async () => {
    const user = await signUp();
    const now = Date.now();
    const { lotId } = await grantCredits(user.id, 70, 'exp', now + 1_000);
    await sweepUser(testDb(), ignoreCommits, user.id, now + 2_000);
    const expired = await eventsOf(user.id, 'credits.expired');
    expect(expired.map((e) => e.data)).toEqual([expect.objectContaining({ lotId, credits: -70, balance: 0 })]);
  });

  it('50 concurrent spends crossing the threshold write exactly one balance.low, then one balance.depleted', async () => {
    const user = await signUp();
    await grantCredits(user.id, 150);
    const first = await Promise.all(Array.from({ length: 100 }, (_, i) => spendOne(user.id, `a${i}`)));
    expect(first.every((r) => r.outcome === 'spent')).toBe(true);
    const low = await eventsOf(user.id, 'balance.low');
    expect(low.map((e) => e.data)).toEqual([expect.objectContaining({ threshold: 100, balance: 99 })]);
    // Down to zero with 50 racing spends: one balance.depleted, no second balance.low.
    await Promise.all(Array.from({ length: 50 }, (_, i) => spendOne(user.id, `b${i}`)));
    expect((await eventsOf(user.id, 'balance.depleted')).map((e) => e.data.balance)).toEqual([0]);
    expect(await eventsOf(user.id, 'balance.low')).toHaveLength(1);
  });

  it('fires again only after spendable credits were back at or above the line; a first small grant fires nothing', async () => {
    const user = await signUp();
    await grantCredits(user.id, 50);
    expect(await eventsOf(user.id, 'balance.low')).toEqual([]);
    await spendOne(user.id, 'c1', 10);
    expect(await eventsOf(user.id, 'balance.low')).toEqual([]);
    await grantCredits(user.id, 100); // 140: armed
    await spendOne(user.id, 'c2', 50); // 90: fires
    await spendOne(user.id, 'c3', 5); // still below: nothing
    await grantCredits(user.id, 20); // 105: armed again
    await spendOne(user.id, 'c4', 10); // 95: fires
    expect((await eventsOf(user.id, 'balance.low')).map((e) => e.data.balance)).toEqual([90, 95]);
  });

  it('credit expiring by time fires balance.low at the sweep that records it', async () => {
    const user = await signUp();
    const now = Date.now();
    await grantCredits(user.id, 30);
    await grantCredits(user.id, 200, 'big', now + 1_000); // 230: armed
    await sweepUser(testDb(), ignoreCommits, user.id, now + 2_000);
    expect((await eventsOf(user.id, 'balance.low')).map((e) => e.data.balance)).toEqual([30]);
  });
});
