// One billing subscription per user (issue 18, item 3): a new plan Checkout expires the user's
// older open one (or answers 409 if that one was paid meanwhile); a second subscription Stripe
// still reports (two devices racing) is cancelled at once, its payment refunded and its allowance
// clawed back exactly once, whatever the order and number of the events, the status call and the
// cron; `GET /api/subscription` tells the user with `notice`.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, balanceOf, expectLedgerConsistent, ledgerRows, signUp } from '../helpers';
import {
  advance,
  clockedUser,
  customerOf,
  deliverNew,
  eventsFor,
  pay,
  startSubscription,
  stripe,
} from './emulator-support';
import {
  atStripe,
  checkoutStatus,
  deliverAll,
  EMULATOR_HEAVY_MS,
  liveRows,
  ORDERS,
  planSessionAtStripe,
  runCron,
  subscriptionAnswer,
} from './guard-support';
import { deliverOk, lotsBySource } from './support';

const rowStatus = async (sessionId: string) =>
  await env.DB.prepare('SELECT status FROM checkout_sessions WHERE id = ?').bind(sessionId).first<string>('status');

describe('a new plan Checkout', () => {
  it('expires the older open one at Stripe and in D1, so only the newest can be paid', async () => {
    const user = await signUp();
    const first = await startSubscription(user, 'pro');
    const second = await startSubscription(user, 'studio');
    expect((await stripe().checkout.sessions.retrieve(first.sessionId)).status).toBe('expired');
    expect((await stripe().checkout.sessions.retrieve(second.sessionId)).status).toBe('open');
    expect(await rowStatus(first.sessionId)).toBe('expired');
    expect(await rowStatus(second.sessionId)).toBe('open');
    expect((await checkoutStatus(user.cookie, first.sessionId)) as object).toMatchObject({ status: 'expired' });
    await pay(second.sessionId, { deliverWebhooks: false });
    expect((await subscriptionAnswer(user.cookie)).subscription).toBeNull(); // nothing delivered yet
    await deliverNew(await customerOf(user.id), new Set());
    expect(await subscriptionAnswer(user.cookie)).toMatchObject({
      subscription: { planId: 'studio', status: 'active' },
      notice: null,
    });
  });

  it('answers 409 already_subscribed if the older one was paid meanwhile, and expires the new one', async () => {
    const user = await signUp();
    const first = await startSubscription(user, 'pro');
    await pay(first.sessionId, { deliverWebhooks: false }); // paid; no event reached us yet
    const res = await api('/api/subscriptions/checkout', {
      method: 'POST',
      cookie: user.cookie,
      body: { planId: 'pro' },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'already_subscribed', message: expect.stringContaining('already have a subscription') },
    });
    const sessions = await env.DB.prepare(
      "SELECT id, status FROM checkout_sessions WHERE user_id = ? AND mode = 'subscription' ORDER BY rowid",
    )
      .bind(user.id)
      .all<{ id: string; status: string }>();
    expect(sessions.results.map((r) => r.status)).toEqual(['credited', 'expired']);
    expect((await stripe().checkout.sessions.retrieve(sessions.results[1]!.id)).status).toBe('expired');
    // The paid one was settled on the way: granted once, and the one subscription is shown.
    expect((await balanceOf(user.id)).credits).toBe(7_700);
    expect(await subscriptionAnswer(user.cookie)).toMatchObject({ subscription: { status: 'active' }, notice: null });
  });
});

describe('a second paid subscription', () => {
  it.each(ORDERS)(
    'is cancelled, refunded and clawed back once (%s)',
    async (order) => {
      const user = await signUp();
      const first = await startSubscription(user, 'pro');
      const customer = await customerOf(user.id);
      // Another device's Checkout, made at the same moment: our guard never saw it.
      const second = await planSessionAtStripe(user.id, customer);
      await pay(first.sessionId, { deliverWebhooks: false });
      await pay(second.id, { deliverWebhooks: false });
      const [keeper, duplicate] = await atStripe(customer);
      expect([keeper?.status, duplicate?.status]).toEqual(['active', 'active']);

      const seen = await deliverAll(customer, order, () => [checkoutStatus(user.cookie, first.sessionId), runCron()]);
      // What our own cancel and refund made Stripe send, delivered too (and again): nothing more moves.
      await deliverNew(customer, seen);
      await deliverAll(customer, order);

      expect(await atStripe(customer)).toEqual([
        { ...keeper, refunded: 0 },
        { ...duplicate, status: 'canceled', refunded: duplicate!.paid },
      ]);
      const entries = (await ledgerRows(user.id)).map((r) => [r.kind, r.delta, r.reference]);
      expect(entries.filter(([kind]) => kind === 'subscription')).toHaveLength(2);
      expect(entries.filter(([kind]) => kind === 'refund').map(([, delta]) => delta)).toEqual([-7_700]);
      expect(await expectLedgerConsistent(user.id)).toBe(7_700);
      expect(await subscriptionAnswer(user.cookie)).toEqual({
        subscription: expect.objectContaining({ id: keeper!.id, status: 'active', planId: 'pro' }),
        notice: {
          code: 'duplicate_subscription_canceled',
          subscriptionId: duplicate!.id,
          planId: 'pro',
          canceledAt: expect.any(String),
        },
      });
      expect(await liveRows(user.id)).toEqual([{ id: keeper!.id, status: 'active', voided_reason: null }]);
    },
    EMULATOR_HEAVY_MS,
  );

  it(
    'the first one keeps its whole allowance when the second one, an hour younger, is granted first',
    async () => {
      const c = await clockedUser();
      const first = await startSubscription(c.user, 'pro');
      await pay(first.sessionId, { deliverWebhooks: false });
      await advance(c.clock, c.frozenTime + 3_600); // the other device pays an hour later: a later period end
      const second = await planSessionAtStripe(c.user.id, c.customer);
      await pay(second.id, { deliverWebhooks: false });
      const [keeper, duplicate] = await atStripe(c.customer);

      // The second subscription's events first, then the first's: the first's grant comes after a later period's.
      const events = await eventsFor(c.customer);
      const of = (subId: string) =>
        events.filter((e) => JSON.stringify(e.data.object).includes(subId) || e.data.object.id === subId);
      const secondOnes = events.filter((e) => !of(keeper!.id).includes(e));
      for (const e of [...secondOnes, ...of(keeper!.id)]) await deliverOk(e);
      await deliverNew(c.customer, new Set(events.map((e) => e.id)));

      expect((await atStripe(c.customer)).map((s) => [s.id, s.status, s.refunded])).toEqual([
        [keeper!.id, 'active', 0],
        [duplicate!.id, 'canceled', duplicate!.paid],
      ]);
      const lots = await lotsBySource(c.user.id, 'subscription');
      expect(lots.filter((l) => l.remaining > 0).map((l) => l.remaining)).toEqual([7_700]);
      expect((await ledgerRows(c.user.id)).filter((r) => r.kind === 'expire')).toEqual([]);
      expect(await expectLedgerConsistent(c.user.id)).toBe(7_700);
    },
    EMULATOR_HEAVY_MS,
  );
});
