// A period's credit that rolled over is still that period's: a refund or dispute of the period
// follows it into the lot it rolled into (the rollover entry records whose credit it carries). The
// credit that expired unused counts toward the refunded share first, which makes a refund delivered
// after the renewal end where the same refund delivered before it ends.
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { spend } from '../../worker/ledger/spending';
import { ledgerRows, testDb } from '../helpers';
import { completed, seedCheckout } from '../stripe-helpers';
import { disputeFor, expectBalance, moneyOf, payPeriod, periodEvents, STUDIO } from './reversal-support';
import { chargeRefundedFor, deliverOk, lotsBySource, stripeId, subscriber } from './support';

const refund = (pi: string, total: number) => chargeRefundedFor(pi, STUDIO.amount, total);

describe('refunds follow rolled-over credit', () => {
  it('both months refunded in full, in either order: back to what the user had before the plan', async () => {
    for (const order of [
      [1, 2],
      [2, 1],
    ]) {
      const s = await subscriber('studio');
      const pack = await seedCheckout(s.user.id, { credits: 1_000, amount: 1_000 });
      await deliverOk(completed(pack));
      const months = [await payPeriod(s, 1, STUDIO.amount), await payPeriod(s, 2, STUDIO.amount)];
      await expectBalance(s.user.id, 1_000 + 30_000);
      for (const n of order) await deliverOk(refund(months[n - 1]!.pi, STUDIO.amount));
      await expectBalance(s.user.id, 1_000);
      expect(
        (await lotsBySource(s.user.id, 'subscription')).every((l) => l.remaining === 0),
        `order ${order}`,
      ).toBe(true);
      expect((await lotsBySource(s.user.id, 'purchase'))[0]).toMatchObject({ remaining: 1_000 });
    }
  });

  it('month 1 refunded after the renewal takes the carried 10,000 from the lot it rolled into', async () => {
    const s = await subscriber('studio');
    const [first, second] = [await payPeriod(s, 1, STUDIO.amount), await payPeriod(s, 2, STUDIO.amount)];
    await deliverOk(refund(first.pi, STUDIO.amount));
    await expectBalance(s.user.id, 20_000);
    const refunds = (await ledgerRows(s.user.id)).filter((r) => r.kind === 'refund');
    expect(refunds).toEqual([expect.objectContaining({ delta: -10_000, reference: first.invoice })]);
    const live = (await lotsBySource(s.user.id, 'subscription')).filter((l) => l.remaining > 0);
    expect(live).toEqual([expect.objectContaining({ reference: second.invoice, amount: 20_000, remaining: 20_000 })]);
  });

  // [share of the payment reversed, balance after]: 5,000 taken leaves 15,000, and 10,000 of it is
  // carried whichever came first; half leaves exactly the cap; three quarters leave 5,000.
  const cases = [
    [STUDIO.amount / 4, 30_000],
    [STUDIO.amount / 2, 30_000],
    [(STUDIO.amount * 3) / 4, 25_000],
    [STUDIO.amount, 20_000],
  ] as const;
  for (const kind of ['refund', 'dispute'] as const) {
    it.each(
      cases,
    )(`a ${kind} of %i delivered before the renewal ends where it does after it`, async (share, credits) => {
      const story = async (early: boolean) => {
        const s = await subscriber('studio');
        const first = await payPeriod(s, 1, STUDIO.amount);
        const reverse = () =>
          deliverOk(
            kind === 'refund'
              ? refund(first.pi, share)
              : disputeFor('closed', first.pi, `dp_${s.subscriptionId}`, share, 'lost'),
          );
        if (early) await reverse();
        await payPeriod(s, 2, STUDIO.amount);
        if (!early) await reverse();
        return moneyOf(s);
      };
      const before = await story(true);
      expect(before.credits).toBe(credits);
      expect(await story(false)).toEqual(before);
    });
  }

  it('carried credit already spent is taken from other lots, as for a pack refund', async () => {
    const s = await subscriber('studio');
    const [first] = [await payPeriod(s, 1, STUDIO.amount), await payPeriod(s, 2, STUDIO.amount)];
    // The carried lot is spent first (same end, older): 10,000 carried + 5,000 of month 2.
    await spend(testDb(), ignoreCommits, { userId: s.user.id, amount: 15_000, reason: 'r', idempotencyKey: 'k' });
    await deliverOk(refund(first.pi, STUDIO.amount));
    await expectBalance(s.user.id, 15_000 - 10_000);
  });

  it('credit carried twice is followed into the second rollover', async () => {
    const s = await subscriber('studio');
    const first = await payPeriod(s, 1, STUDIO.amount);
    const second = await payPeriod(s, 2, STUDIO.amount);
    // Month 2 refunded: what rolls on into month 3 is month 1's carried 10,000.
    await deliverOk(refund(second.pi, STUDIO.amount));
    await payPeriod(s, 3, STUDIO.amount);
    await expectBalance(s.user.id, 30_000);
    await deliverOk(disputeFor('created', first.pi, stripeId('dp'), STUDIO.amount));
    await expectBalance(s.user.id, 20_000);
    const live = (await lotsBySource(s.user.id, 'subscription')).filter((l) => l.remaining > 0);
    expect(live.map((l) => l.amount)).toEqual([20_000]);
  });

  it('a refund before the grant that carries it: the carry is what was left', async () => {
    const s = await subscriber('studio');
    const first = periodEvents(s, 1, STUDIO.amount);
    await deliverOk(first.payment);
    await deliverOk(refund(first.pi, STUDIO.amount / 2));
    await deliverOk(first.paid);
    await payPeriod(s, 2, STUDIO.amount);
    await expectBalance(s.user.id, 30_000);
    await deliverOk(refund(first.pi, STUDIO.amount));
    await expectBalance(s.user.id, 20_000);
  });
});
