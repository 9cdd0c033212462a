// A refund of a subscription payment claws back that period's allowance only (in proportion,
// from its own lot first), whether the payment was learnt from invoice_payment.paid before or
// after the grant, or the refund came first.
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { spend } from '../../worker/ledger/spending';
import { balanceOf, expectLedgerConsistent, ledgerRows, testDb } from '../helpers';
import { completed, seedCheckout } from '../stripe-helpers';
import {
  chargeRefundedFor,
  deliverOk,
  invoicePaid,
  invoicePaymentPaid,
  invoiceRows,
  lotsBySource,
  stripeId,
  subscriber,
} from './support';

describe('refunds of subscription payments', () => {
  it('a full refund of a renewal takes that allowance from its own lot; the pack and the old period stay', async () => {
    const s = await subscriber('pro');
    await deliverOk(invoicePaid(s, { n: 1 }));
    const pack = await seedCheckout(s.user.id, { credits: 1_000, amount: 1_000 });
    await deliverOk(completed(pack));
    const renewal = invoicePaid(s, { n: 2 });
    const pi = stripeId('pi');
    await deliverOk(renewal);
    await deliverOk(invoicePaymentPaid(renewal.data.object.id, pi, 2_900));
    expect((await balanceOf(s.user.id)).credits).toBe(8_700);

    await deliverOk(chargeRefundedFor(pi, 2_900, 2_900));
    expect((await balanceOf(s.user.id)).credits).toBe(1_000);
    const refund = (await ledgerRows(s.user.id)).at(-1)!;
    expect(refund).toMatchObject({ kind: 'refund', delta: -7_700, reference: renewal.data.object.id });
    const subLots = await lotsBySource(s.user.id, 'subscription');
    expect(subLots.map((l) => l.remaining)).toEqual([0, 0]);
    expect((await lotsBySource(s.user.id, 'purchase'))[0]).toMatchObject({ remaining: 1_000 });
    expect((await invoiceRows(s.user.id)).at(-1)).toMatchObject({ payment_intent: pi, credits_clawed: 7_700 });
    await expectLedgerConsistent(s.user.id);
  });

  it('a partial then a full refund take only the new share; what was spent becomes debt on the other lots', async () => {
    const s = await subscriber('pro');
    const paid = invoicePaid(s, { n: 1 });
    const pi = stripeId('pi');
    await deliverOk(invoicePaymentPaid(paid.data.object.id, pi, 2_900)); // before the grant: kept for it
    await deliverOk(paid);
    await spend(testDb(), ignoreCommits, { userId: s.user.id, amount: 7_000, reason: 'r', idempotencyKey: 'k' });

    await deliverOk(chargeRefundedFor(pi, 2_900, 1_450));
    expect((await balanceOf(s.user.id)).credits).toBe(700 - 3_850);
    await deliverOk(chargeRefundedFor(pi, 2_900, 1_450)); // a copy of the same total: nothing more
    await deliverOk(chargeRefundedFor(pi, 2_900, 2_900));
    expect((await balanceOf(s.user.id)).credits).toBe(700 - 7_700);
    expect((await ledgerRows(s.user.id)).filter((r) => r.kind === 'refund').map((r) => r.delta)).toEqual([
      -3_850, -3_850,
    ]);
    await expectLedgerConsistent(s.user.id);
  });

  it('a refund that arrives before the grant is applied by the grant', async () => {
    const s = await subscriber('pro');
    const paid = invoicePaid(s, { n: 1 });
    const pi = stripeId('pi');
    await deliverOk(chargeRefundedFor(pi, 2_900, 2_900));
    await deliverOk(invoicePaymentPaid(paid.data.object.id, pi, 2_900));
    await deliverOk(paid);
    expect((await balanceOf(s.user.id)).credits).toBe(0);
    expect((await ledgerRows(s.user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['subscription', 7_700],
      ['refund', -7_700],
    ]);
    await expectLedgerConsistent(s.user.id);
  });

  it('an allowance that already expired unused is not taken twice by a late refund', async () => {
    const s = await subscriber('pro');
    const first = invoicePaid(s, { n: 1 });
    const pi = stripeId('pi');
    await deliverOk(first);
    await deliverOk(invoicePaymentPaid(first.data.object.id, pi, 2_900));
    await deliverOk(invoicePaid(s, { n: 2 })); // period 1's 7,700 expired unused
    await deliverOk(chargeRefundedFor(pi, 2_900, 2_900));
    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    expect((await ledgerRows(s.user.id)).some((r) => r.kind === 'refund')).toBe(false);
    await expectLedgerConsistent(s.user.id);
  });
});
