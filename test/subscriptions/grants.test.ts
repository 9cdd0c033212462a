// invoice.paid → the period's allowance as a `subscription` lot: once per invoice, pushed live;
// a renewal expires the previous allowance (rollover up to the plan's cap moves on); a late
// invoice for an older period never extends or duplicates; packs never expire with a period.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepDue } from '../../worker/ledger/expiry';
import { spend } from '../../worker/ledger/spending';
import { balanceOf, expectLedgerConsistent, ledgerRows, testDb } from '../helpers';
import { connect } from '../live-socket';
import { completed, seedCheckout } from '../stripe-helpers';
import { at, deliverOk, invoicePaid, invoiceRows, lotsBySource, PERIOD_S, period, subscriber } from './support';

const ms = (s: number) => s * 1000;

describe('invoice.paid grants the allowance', () => {
  it('grants 7,700 credits once as a lot expiring at the line period end, pushed live', async () => {
    const s = await subscriber('pro');
    const socket = await connect(s.user);
    await socket.waitFor(1);
    const paid = invoicePaid(s, { n: 1 });
    await deliverOk(paid);
    await deliverOk(paid);
    await deliverOk({ ...paid, id: `${paid.id}_copy` });

    expect(await balanceOf(s.user.id)).toMatchObject({ credits: 7_700 });
    const rows = await ledgerRows(s.user.id);
    expect(rows.map((r) => [r.kind, r.delta, r.reference, r.idempotency_key])).toEqual([
      ['subscription', 7_700, paid.data.object.id, `subscription:${paid.data.object.id}`],
    ]);
    const [lot] = await lotsBySource(s.user.id, 'subscription');
    expect(lot).toMatchObject({ amount: 7_700, remaining: 7_700, expires_at: ms(period(s, 1).end) });
    expect(await invoiceRows(s.user.id)).toMatchObject([
      { id: paid.data.object.id, plan_id: 'pro', credits: 7_700, period_end: ms(period(s, 1).end) },
    ]);
    const messages = await socket.waitFor(2);
    expect(messages.at(-1)).toMatchObject({
      credits: 7_700,
      change: { kind: 'subscription', delta: 7_700, reference: paid.data.object.id },
    });
    expect(messages).toHaveLength(2);
    socket.ws.close();
    await expectLedgerConsistent(s.user.id);
  });

  it('a renewal expires the old allowance and grants the new one (pushed live); packs stay', async () => {
    const s = await subscriber('pro');
    await deliverOk(invoicePaid(s, { n: 1 }));
    const pack = await seedCheckout(s.user.id, { credits: 1_000, amount: 1_000 });
    await deliverOk(completed(pack));
    await spend(testDb(), ignoreCommits, { userId: s.user.id, amount: 700, reason: 'render', idempotencyKey: 'r1' });
    expect((await balanceOf(s.user.id)).credits).toBe(8_000);

    const socket = await connect(s.user);
    await socket.waitFor(1);
    await deliverOk(invoicePaid(s, { n: 2 }));

    // 7,000 of period 1 left (the spend drew the expiring lot first) → expired; 7,700 granted; pack untouched.
    expect((await balanceOf(s.user.id)).credits).toBe(1_000 + 7_700);
    const subLots = await lotsBySource(s.user.id, 'subscription');
    expect(subLots.map((l) => [l.amount, l.remaining, l.expires_at])).toEqual([
      [7_700, 0, ms(period(s, 1).end)],
      [7_700, 7_700, ms(period(s, 2).end)],
    ]);
    expect((await lotsBySource(s.user.id, 'purchase')).map((l) => [l.remaining, l.expires_at])).toEqual([
      [1_000, null],
    ]);
    const kinds = (await ledgerRows(s.user.id)).map((r) => [r.kind, r.delta]);
    expect(kinds.slice(-2)).toEqual([
      ['expire', -7_000],
      ['subscription', 7_700],
    ]);
    const last = (await socket.waitFor(2)).at(-1);
    expect(last).toMatchObject({ credits: 8_700 });
    socket.ws.close();

    // Long after both periods ended, the sweep leaves the pack alone.
    await sweepDue(testDb(), ignoreCommits, ms(period(s, 3).end) + 1);
    expect((await balanceOf(s.user.id)).credits).toBe(1_000);
    await expectLedgerConsistent(s.user.id);
  });

  it('three periods at once: three invoices, only the newest lot holds credit', async () => {
    const s = await subscriber('pro');
    for (const n of [1, 2, 3, 4]) await deliverOk(invoicePaid(s, { n }));
    expect(await invoiceRows(s.user.id)).toHaveLength(4);
    const subLots = await lotsBySource(s.user.id, 'subscription');
    expect(subLots.map((l) => [l.remaining, l.expires_at])).toEqual([
      [0, ms(period(s, 1).end)],
      [0, ms(period(s, 2).end)],
      [0, ms(period(s, 3).end)],
      [7_700, ms(period(s, 4).end)],
    ]);
    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    await expectLedgerConsistent(s.user.id);
  });

  it('an older period arriving after a newer one is recorded but expires at once', async () => {
    const s = await subscriber('pro');
    await deliverOk(invoicePaid(s, { n: 1 }));
    await deliverOk(invoicePaid(s, { n: 3 }));
    const late = invoicePaid(s, { n: 2 });
    await deliverOk(late);
    await deliverOk(late);

    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    const lateLot = (await lotsBySource(s.user.id, 'subscription')).find((l) => l.reference === late.data.object.id);
    expect(lateLot).toMatchObject({ amount: 7_700, remaining: 0 });
    expect(lateLot!.expires_at).toBeLessThanOrEqual(Date.now());
    // The newest period's lot is untouched: the late grant neither extends nor expires it.
    const newest = (await lotsBySource(s.user.id, 'subscription')).find((l) => l.expires_at === ms(period(s, 3).end));
    expect(newest).toMatchObject({ remaining: 7_700 });
    expect((await invoiceRows(s.user.id)).filter((r) => r.entry_id !== null)).toHaveLength(3);
    await expectLedgerConsistent(s.user.id);
  });
});

describe('rollover (studio: 20,000 a month, up to 10,000 carried)', () => {
  it('carries the unused allowance up to the cap into a lot ending with the new period', async () => {
    const s = await subscriber('studio');
    await deliverOk(invoicePaid(s, { n: 1 }));
    await spend(testDb(), ignoreCommits, { userId: s.user.id, amount: 15_000, reason: 'r', idempotencyKey: 'a' });
    await deliverOk(invoicePaid(s, { n: 2 }));
    // 5,000 unused: all of it rolls over.
    expect((await balanceOf(s.user.id)).credits).toBe(25_000);

    await deliverOk(invoicePaid(s, { n: 3 }));
    // 25,000 unused: capped at 10,000.
    expect((await balanceOf(s.user.id)).credits).toBe(30_000);
    const live = (await lotsBySource(s.user.id, 'subscription')).filter((l) => l.remaining > 0);
    expect(live.map((l) => [l.amount, l.remaining, l.expires_at])).toEqual([
      [10_000, 10_000, ms(period(s, 3).end)],
      [20_000, 20_000, ms(period(s, 3).end)],
    ]);
    await expectLedgerConsistent(s.user.id);
  });

  it('rolls over what the sweep expired before the renewal was paid (Stripe pays up to an hour late)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const s = await subscriber('studio', now - PERIOD_S + 60);
    await deliverOk(invoicePaid(s, { n: 1 }));
    // The period ends a minute from now; the sweep runs after it and expires the 20,000.
    await sweepDue(testDb(), ignoreCommits, ms(period(s, 1).end) + 1_000);
    expect((await balanceOf(s.user.id)).credits).toBe(0);
    await deliverOk(invoicePaid(s, { n: 2 }));
    expect((await balanceOf(s.user.id)).credits).toBe(30_000);
    await expectLedgerConsistent(s.user.id);
  });

  it('pro resets: nothing rolls over', async () => {
    const s = await subscriber('pro');
    await deliverOk(at(invoicePaid(s, { n: 1 }), 1));
    await deliverOk(invoicePaid(s, { n: 2 }));
    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    expect((await ledgerRows(s.user.id)).map((r) => r.kind)).toEqual(['subscription', 'expire', 'subscription']);
  });
});

describe('what is not a grant', () => {
  it('a proration invoice, an unpaid one, or one for an unknown customer grants nothing', async () => {
    const s = await subscriber('pro');
    await deliverOk(invoicePaid(s, { n: 1, reason: 'subscription_update' }));
    await deliverOk(invoicePaid(s, { n: 1, id: 'in_open_x', status: 'open' }));
    const stranger = { ...s, customer: 'cus_unknown', user: { ...s.user, id: 'nobody' } };
    await deliverOk(invoicePaid(stranger, { n: 1, id: 'in_stranger_x' }));
    expect((await balanceOf(s.user.id)).credits).toBe(0);
    expect(await ledgerRows(s.user.id)).toEqual([]);
    const { n } = (await env.DB.prepare('SELECT COUNT(*) AS n FROM subscription_invoices WHERE user_id = ?')
      .bind(s.user.id)
      .first<{ n: number }>())!;
    expect(n).toBe(0);
  });
});
