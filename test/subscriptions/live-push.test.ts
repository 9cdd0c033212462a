// A subscription's stored changes are pushed live (API.md, live socket): a failed renewal reaches an
// open socket as `past_due` with no reload, the paid retry as `active`, a cancellation as
// cancelAtPeriodEnd; a late older event pushes nothing; another user's socket hears none of it.
import { describe, expect, it } from 'vitest';
import type { SubscriptionMessage } from '../../worker/live/protocol';
import { recordSubscription, type SubscriptionSnapshot } from '../../worker/subscriptions/store';
import { api, testDb } from '../helpers';
import { connect, type LiveSocket } from '../live-socket';
import { emulator } from '../stripe-helpers';
import { deliverNew, subscribedOnClock } from './emulator-support';
import { at, deliverOk, invoicePaid, period, subscriber, subscriptionEvent, subscriptionObject } from './support';

const subscriptionFrames = (socket: LiveSocket) =>
  socket.frames
    .filter((f) => f.startsWith('{'))
    .map((f) => JSON.parse(f) as { type: string })
    .filter((m): m is SubscriptionMessage => m.type === 'subscription');

/** Waits (polling the frames received, with a deadline) until `count` subscription messages arrived. */
async function subscriptionMessages(socket: LiveSocket, count: number, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (subscriptionFrames(socket).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} subscription messages, got ${socket.frames}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return subscriptionFrames(socket);
}

async function subscriptionView(cookie: string) {
  const res = await api('/api/subscription', { cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { subscription: unknown }).subscription;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('subscription changes pushed live', () => {
  it('a renewal that fails pushes `subscription` with status past_due to an open socket', async () => {
    const c = await subscribedOnClock('pro');
    const socket = await connect(c.user);
    await socket.waitFor(1);
    const renew = await emulator(`/_emulator/subscriptions/${c.subscriptionId}/renew`, {
      method: 'POST',
      body: JSON.stringify({ fail: true }),
    });
    expect(renew.status, await renew.clone().text()).toBe(200);
    const fresh = await deliverNew(c.customer, c.seen);
    expect(fresh.map((e) => e.type)).toContain('invoice.payment_failed');

    const pushed = await subscriptionMessages(socket, 1);
    expect(pushed.at(-1)).toEqual({
      type: 'subscription',
      subscription: {
        id: c.subscriptionId,
        planId: 'pro',
        status: 'past_due',
        currentPeriodEnd: expect.any(String),
        cancelAtPeriodEnd: false,
        allowancePlanId: 'pro',
        pendingPlan: null,
      },
    });
    // What was pushed is what a reload would read.
    expect(pushed.at(-1)!.subscription).toEqual(await subscriptionView(c.user.cookie));
    // Nothing was granted, so no balance frame followed the snapshot.
    expect(socket.messages()).toHaveLength(1);
    socket.ws.close();
  });

  it('the paid retry pushes active again; a cancellation pushes cancelAtPeriodEnd; a late older event pushes nothing', async () => {
    const s = await subscriber('pro');
    const t = Math.floor(Date.now() / 1000);
    await deliverOk(at(subscriptionEvent('created', s), t));
    await deliverOk(at(invoicePaid(s, { n: 1 }), t));
    const socket = await connect(s.user);
    await socket.waitFor(1);

    await deliverOk(at(subscriptionEvent('updated', s, { n: 2, status: 'past_due' }), t + 10));
    expect((await subscriptionMessages(socket, 1)).at(-1)?.subscription).toMatchObject({
      status: 'past_due',
      currentPeriodEnd: iso(period(s, 2).end),
    });
    await deliverOk(at(subscriptionEvent('updated', s, { n: 2, status: 'active' }), t + 20));
    expect((await subscriptionMessages(socket, 2)).at(-1)?.subscription).toMatchObject({ status: 'active' });
    await deliverOk(at(subscriptionEvent('updated', s, { n: 2, cancelAtPeriodEnd: true }), t + 30));
    expect((await subscriptionMessages(socket, 3)).at(-1)?.subscription).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
    });

    // Older than what is stored: not written, so not pushed (a frame after it would be the marker's).
    await deliverOk(at(subscriptionEvent('updated', s, { n: 2, status: 'past_due' }), t + 15));
    await deliverOk(at(subscriptionEvent('deleted', s, { n: 2, status: 'canceled' }), t + 40));
    const all = await subscriptionMessages(socket, 4);
    expect(all).toHaveLength(4);
    expect(all.at(-1)?.subscription).toMatchObject({ status: 'canceled' });
    expect(all.at(-1)?.subscription).toEqual(await subscriptionView(s.user.cookie));
    socket.ws.close();
  });

  it("another user's socket hears nothing of it", async () => {
    const s = await subscriber('pro');
    const other = await subscriber('pro');
    const watching = await connect(other.user);
    const own = await connect(s.user);
    await watching.waitFor(1);
    await own.waitFor(1);
    await deliverOk(subscriptionEvent('created', s));
    await subscriptionMessages(own, 1);
    expect(subscriptionFrames(watching)).toEqual([]);
    watching.ws.close();
    own.ws.close();
  });
});

describe('a subscription change recorded without an event (the status call, the guards)', () => {
  it('is stored, answered as recorded and told to the listener; the same state again is not', async () => {
    const s = await subscriber('pro');
    const told: string[] = [];
    const listen = (userId: string) => told.push(userId);
    const snapshot = subscriptionObject(s) as unknown as SubscriptionSnapshot;
    const first = await recordSubscription(testDb(), listen, snapshot, s.start + 10);
    expect(first.outcome).toBe('recorded');
    expect(told).toEqual([s.user.id]);
    expect(await subscriptionView(s.user.cookie)).toMatchObject({
      id: s.subscriptionId,
      status: 'active',
    });

    const again = await recordSubscription(testDb(), listen, snapshot, s.start + 5);
    expect(again.outcome).toBe('not_applicable');
    expect(told).toEqual([s.user.id]);
  });
});
