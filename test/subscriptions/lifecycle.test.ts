// customer.subscription.* and invoice.payment_failed keep the subscription current (status, plan,
// period end, cancelAtPeriodEnd) whatever the order of events; GET /api/subscription shows it.
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepDue } from '../../worker/ledger/expiry';
import { api, balanceOf, expectLedgerConsistent, ledgerRows, testDb } from '../helpers';
import {
  at,
  deliverOk,
  invoiceFailed,
  invoicePaid,
  invoiceRows,
  lotsBySource,
  period,
  type Subscriber,
  subscriber,
  subscriptionEvent,
} from './support';

async function subscriptionOf(s: Subscriber) {
  const res = await api('/api/subscription', { cookie: s.user.cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { subscription: Record<string, unknown> | null }).subscription;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('subscription state', () => {
  it('null before subscribing; then id, plan, status, period end and cancelAtPeriodEnd', async () => {
    const s = await subscriber('pro');
    expect(await subscriptionOf(s)).toBeNull();
    await deliverOk(subscriptionEvent('created', s));
    expect(await subscriptionOf(s)).toEqual({
      id: s.subscriptionId,
      planId: 'pro',
      status: 'active',
      currentPeriodEnd: iso(period(s, 1).end),
      cancelAtPeriodEnd: false,
      allowancePlanId: null,
      pendingPlan: null,
    });
  });

  it('an older event arriving late never overwrites a newer state', async () => {
    const s = await subscriber('pro');
    const t = Math.floor(Date.now() / 1000);
    await deliverOk(at(subscriptionEvent('updated', s, { cancelAtPeriodEnd: true }), t + 10));
    await deliverOk(at(subscriptionEvent('created', s), t));
    await deliverOk(at(subscriptionEvent('updated', s, { cancelAtPeriodEnd: false }), t + 5));
    expect(await subscriptionOf(s)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
  });

  it('a failed renewal: past_due and nothing granted; the paid retry grants and it is active again', async () => {
    const s = await subscriber('pro');
    const t = Math.floor(Date.now() / 1000);
    await deliverOk(at(subscriptionEvent('created', s), t));
    await deliverOk(at(invoicePaid(s, { n: 1 }), t));
    await deliverOk(at(invoiceFailed(s, { n: 2 }), t + 10));
    expect(await subscriptionOf(s)).toMatchObject({ status: 'past_due' });
    await deliverOk(at(subscriptionEvent('updated', s, { n: 2, status: 'past_due' }), t + 10));
    expect(await subscriptionOf(s)).toMatchObject({ status: 'past_due', currentPeriodEnd: iso(period(s, 2).end) });
    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    expect(await invoiceRows(s.user.id)).toHaveLength(1);

    // Stripe retries the same invoice; this time it is paid.
    await deliverOk(at(invoicePaid(s, { n: 2 }), t + 20));
    await deliverOk(at(subscriptionEvent('updated', s, { n: 2, status: 'active' }), t + 20));
    expect(await subscriptionOf(s)).toMatchObject({ status: 'active' });
    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    expect((await ledgerRows(s.user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['subscription', 7_700],
      ['expire', -7_700],
      ['subscription', 7_700],
    ]);
    await expectLedgerConsistent(s.user.id);
  });

  it('cancel at period end: flagged, then canceled at the end with no renewal; the allowance runs out', async () => {
    const s = await subscriber('pro');
    const t = Math.floor(Date.now() / 1000);
    await deliverOk(at(subscriptionEvent('created', s), t));
    await deliverOk(at(invoicePaid(s, { n: 1 }), t));
    await deliverOk(at(subscriptionEvent('updated', s, { cancelAtPeriodEnd: true }), t + 1));
    expect(await subscriptionOf(s)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    await deliverOk(at(subscriptionEvent('deleted', s, { status: 'canceled', cancelAtPeriodEnd: true }), t + 2));
    expect(await subscriptionOf(s)).toMatchObject({ status: 'canceled' });

    await sweepDue(testDb(), ignoreCommits, period(s, 1).end * 1000 + 1);
    expect((await balanceOf(s.user.id)).credits).toBe(0);
    expect(await invoiceRows(s.user.id)).toHaveLength(1);
    // Canceled: subscribing again is allowed (no 409).
    const res = await api('/api/subscriptions/checkout', {
      method: 'POST',
      cookie: s.user.cookie,
      body: { planId: 'nope' },
    });
    expect(res.status).toBe(400);
  });

  it('a switch to a plan that then cancels at the period end announces no pending plan', async () => {
    const s = await subscriber('pro');
    const t = Math.floor(Date.now() / 1000);
    await deliverOk(at(invoicePaid(s, { n: 1 }), t));
    await deliverOk(at(subscriptionEvent('updated', s, { planId: 'studio', cancelAtPeriodEnd: true }), t + 1));
    expect(await subscriptionOf(s)).toMatchObject({ planId: 'studio', allowancePlanId: 'pro', pendingPlan: null });
  });

  it('a plan switch keeps this period as granted; the next renewal grants the new plan (and its rollover rule)', async () => {
    const s = await subscriber('pro');
    const t = Math.floor(Date.now() / 1000);
    await deliverOk(at(subscriptionEvent('created', s), t));
    await deliverOk(at(invoicePaid(s, { n: 1 }), t));
    await deliverOk(at(subscriptionEvent('updated', s, { planId: 'studio' }), t + 1));
    expect(await subscriptionOf(s)).toMatchObject({ planId: 'studio', status: 'active' });
    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    // Until the renewal the allowance is pro's; studio's is announced for the period's end.
    expect(await subscriptionOf(s)).toMatchObject({
      allowancePlanId: 'pro',
      pendingPlan: { planId: 'studio', at: iso(period(s, 1).end) },
    });

    await deliverOk(at(invoicePaid(s, { n: 2, planId: 'studio' }), t + 2));
    // Studio's 20,000, plus the unused pro allowance carried under studio's 10,000 cap.
    expect((await balanceOf(s.user.id)).credits).toBe(20_000 + 7_700);
    expect((await invoiceRows(s.user.id)).map((r) => [r.plan_id, r.credits])).toEqual([
      ['pro', 7_700],
      ['studio', 20_000],
    ]);
    expect(await subscriptionOf(s)).toMatchObject({ planId: 'studio', allowancePlanId: 'studio', pendingPlan: null });
    const live = (await lotsBySource(s.user.id, 'subscription')).filter((l) => l.remaining > 0);
    expect(live.map((l) => [l.amount, l.expires_at])).toEqual([
      [7_700, period(s, 2).end * 1000],
      [20_000, period(s, 2).end * 1000],
    ]);
    await expectLedgerConsistent(s.user.id);
  });
});
