// A closed account never keeps a subscription or a payment (issue 18, item 4): a plan paid in the
// moment before closing is found by the close itself; a plan or pack paid on a session a request in
// flight made after closing is refunded at once and the subscription cancelled, and whatever was
// credited is clawed back exactly once, whatever the order and number of the events, or with only
// the cron to find it.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCheckout } from '../../worker/billing/checkout';
import { ignoreCommits } from '../../worker/ledger/commit';
import { createSubscriptionCheckout } from '../../worker/subscriptions/checkout';
import { api, expectLedgerConsistent, ledgerRows, signUp, testDb } from '../helpers';
import { customerOf, deliverNew, pay, startSubscription, stripe } from './emulator-support';
import { atStripe, chargeOfSession, deliverAll, EMULATOR_HEAVY_MS, liveRows, ORDERS, runCron } from './guard-support';

const PASSWORD = 'correct horse battery';

async function close(cookie: string) {
  const res = await api('/api/account/delete', { method: 'POST', cookie, body: { password: PASSWORD } });
  expect(res.status, await res.clone().text()).toBe(204);
}

/** What a request that passed sign-in just before the close goes on to do: its Checkout, made after. */
const inFlight = (user: { id: string; email: string }) => ({
  plan: () =>
    createSubscriptionCheckout(testDb(), ignoreCommits, stripe(), {
      user,
      planId: 'pro',
      locale: 'en',
      origin: env.APP_ORIGIN,
    }),
  pack: () => createCheckout(testDb(), stripe(), { user, packId: 'starter', locale: 'en', origin: env.APP_ORIGIN }),
});

const kinds = async (userId: string) => (await ledgerRows(userId)).map((r) => [r.kind, r.delta]);

describe('a plan paid for a closed account', () => {
  it('paid in the moment before closing: the close finds it, refunds and cancels it, and claws back', async () => {
    const user = await signUp();
    const { sessionId } = await startSubscription(user, 'pro');
    await pay(sessionId, { deliverWebhooks: false }); // paid, but no event has reached us yet
    const customer = await customerOf(user.id);
    await close(user.cookie);

    const [sub] = await atStripe(customer);
    expect(sub).toMatchObject({ status: 'canceled', paid: 2_900, refunded: 2_900 });
    expect(await kinds(user.id)).toEqual([
      ['subscription', 7_700],
      ['refund', -7_700],
    ]);
    // Every event afterwards, twice, and what our refund and cancel made Stripe send: nothing moves.
    await deliverAll(customer, 'reversed, twice, one at a time');
    expect(await kinds(user.id)).toHaveLength(2);
    expect(await expectLedgerConsistent(user.id)).toBe(0);
    expect(await liveRows(user.id)).toEqual([]);
  });

  it.each(ORDERS)(
    'on a session made after closing: refunded and cancelled once (%s)',
    async (order) => {
      const user = await signUp();
      await startSubscription(user, 'pro'); // makes the Customer; expired by the close
      const customer = await customerOf(user.id);
      await close(user.cookie);
      const late = await inFlight(user).plan();
      await pay(late.sessionId, { deliverWebhooks: false });

      const seen = await deliverAll(customer, order, () => [runCron()]);
      await deliverNew(customer, seen);

      const subs = await atStripe(customer);
      expect(subs).toHaveLength(1);
      expect(subs[0]).toMatchObject({ status: 'canceled', paid: 2_900, refunded: 2_900 });
      expect(await kinds(user.id)).toEqual(
        expect.arrayContaining([
          ['subscription', 7_700],
          ['refund', -7_700],
        ]),
      );
      expect(await kinds(user.id)).toHaveLength(2);
      expect(await expectLedgerConsistent(user.id)).toBe(0);
      expect(await liveRows(user.id)).toEqual([]);
    },
    EMULATOR_HEAVY_MS,
  );

  it('with every webhook lost, the cron alone finds it, refunds and cancels it', async () => {
    const user = await signUp();
    await startSubscription(user, 'pro');
    const customer = await customerOf(user.id);
    await close(user.cookie);
    const late = await inFlight(user).plan();
    await pay(late.sessionId, { deliverWebhooks: false });
    await runCron();
    await runCron();
    expect((await atStripe(customer))[0]).toMatchObject({ status: 'canceled', refunded: 2_900 });
    expect(await expectLedgerConsistent(user.id)).toBe(0);
    expect(await kinds(user.id)).toHaveLength(2);
    expect(await liveRows(user.id)).toEqual([]);
  });
});

describe('a pack paid for a closed account', () => {
  it.each(ORDERS)(
    'is refunded at once; what was credited is clawed back once (%s)',
    async (order) => {
      const user = await signUp();
      await close(user.cookie);
      const late = await inFlight(user).pack();
      await pay(late.sessionId, { deliverWebhooks: false });
      const customer = await customerOf(user.id);

      const seen = await deliverAll(customer, order, () => [runCron()]);
      await deliverNew(customer, seen);

      const charge = await chargeOfSession(late.sessionId);
      expect(charge.amount_refunded).toBe(charge.amount);
      expect(await kinds(user.id)).toEqual([
        ['purchase', 1_000],
        ['refund', -1_000],
      ]);
      expect(await expectLedgerConsistent(user.id)).toBe(0);
      const row = await env.DB.prepare('SELECT status FROM checkout_sessions WHERE id = ?')
        .bind(late.sessionId)
        .first<string>('status');
      expect(row).toBe('refunded');
    },
    EMULATOR_HEAVY_MS,
  );

  it('with every webhook lost, the cron alone refunds it', async () => {
    const user = await signUp();
    await close(user.cookie);
    const late = await inFlight(user).pack();
    await pay(late.sessionId, { deliverWebhooks: false });
    await runCron();
    await runCron();
    const charge = await chargeOfSession(late.sessionId);
    expect(charge.amount_refunded).toBe(charge.amount);
    expect(await kinds(user.id)).toEqual([
      ['purchase', 1_000],
      ['refund', -1_000],
    ]);
  });
});
