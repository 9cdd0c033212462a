// A dispute of a plan payment claws back that period's allowance in the disputed proportion, from
// its own lot first (spent credit: other lots, then debt, as for a pack), once; a dispute won gives
// exactly that back. Also when the dispute arrives before the grant, or before the Worker knows
// which invoice the payment paid (then Stripe's invoice_payments answer it).
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { spend } from '../../worker/ledger/spending';
import { balanceOf, expectLedgerConsistent, ledgerRows, testDb } from '../helpers';
import { emulator } from '../stripe-helpers';
import { advance, DAY_S, deliverNew, stripe, subscribedOnClock } from './emulator-support';
import { disputeFor, expectBalance, payPeriod, periodEvents, STUDIO } from './reversal-support';
import { deliverOk, lotsBySource, stripeId, subscriber } from './support';

const kindsAndDeltas = async (userId: string) => (await ledgerRows(userId)).map((r) => [r.kind, r.delta]);

describe('disputes of plan payments', () => {
  it('paid, spent, disputed and lost: the allowance is taken back once (debt, as for a pack)', async () => {
    const s = await subscriber('studio');
    const { pi, invoice } = await payPeriod(s, 1, STUDIO.amount);
    await spend(testDb(), ignoreCommits, { userId: s.user.id, amount: 20_000, reason: 'r', idempotencyKey: 'all' });
    const id = stripeId('dp');
    await deliverOk(disputeFor('created', pi, id, STUDIO.amount));
    await deliverOk(disputeFor('created', pi, id, STUDIO.amount));
    await deliverOk(disputeFor('closed', pi, id, STUDIO.amount, 'lost'));
    await expectBalance(s.user.id, -20_000);
    const disputes = (await ledgerRows(s.user.id)).filter((r) => r.kind === 'dispute');
    expect(disputes).toEqual([expect.objectContaining({ delta: -20_000, reference: invoice })]);
  });

  it('draws from its own lot first, in the disputed proportion; won gives exactly that back to it', async () => {
    const s = await subscriber('pro');
    await payPeriod(s, 1, 2_900);
    const renewal = await payPeriod(s, 2, 2_900);
    const id = stripeId('dp');
    await deliverOk(disputeFor('created', renewal.pi, id, 1_450));
    await expectBalance(s.user.id, 7_700 - 3_850);
    const [, own] = await lotsBySource(s.user.id, 'subscription');
    expect(own).toMatchObject({ reference: renewal.invoice, remaining: 3_850 });

    await deliverOk(disputeFor('closed', renewal.pi, id, 1_450, 'won'));
    await deliverOk(disputeFor('closed', renewal.pi, id, 1_450, 'won'));
    await expectBalance(s.user.id, 7_700);
    expect((await lotsBySource(s.user.id, 'subscription'))[1]).toMatchObject({ remaining: 7_700 });
    expect((await kindsAndDeltas(s.user.id)).slice(-2)).toEqual([
      ['dispute', -3_850],
      ['dispute_reversal', 3_850],
    ]);
  });

  it('"won" before "created": nothing taken, whatever comes after', async () => {
    const s = await subscriber('pro');
    const { pi } = await payPeriod(s, 1, 2_900);
    const id = stripeId('dp');
    await deliverOk(disputeFor('closed', pi, id, 2_900, 'won'));
    await deliverOk(disputeFor('created', pi, id, 2_900));
    await expectBalance(s.user.id, 7_700);
    expect(await kindsAndDeltas(s.user.id)).toEqual([
      ['subscription', 7_700],
      ['dispute', -7_700],
      ['dispute_reversal', 7_700],
    ]);
  });

  it('a dispute that arrives before the grant and its payment is applied when they arrive', async () => {
    const s = await subscriber('studio');
    const p = periodEvents(s, 1, STUDIO.amount);
    await deliverOk(disputeFor('created', p.pi, stripeId('dp'), STUDIO.amount / 2));
    await deliverOk(p.paid);
    await expectBalance(s.user.id, 20_000);
    await deliverOk(p.payment);
    await expectBalance(s.user.id, 10_000);

    const t = await subscriber('studio');
    const q = periodEvents(t, 1, STUDIO.amount);
    await deliverOk(disputeFor('created', q.pi, stripeId('dp'), STUDIO.amount / 2));
    await deliverOk(q.payment);
    await deliverOk(q.paid);
    await expectBalance(t.user.id, 10_000);
    expect(await kindsAndDeltas(t.user.id)).toEqual([
      ['subscription', 20_000],
      ['dispute', -10_000],
    ]);
  });

  it('a dispute of a payment the Worker cannot map yet is mapped through Stripe (emulator)', async () => {
    const c = await subscribedOnClock('pro');
    await advance(c.clock, c.frozenTime + 32 * DAY_S);
    const fresh = await deliverNew(c.customer, c.seen);
    const renewal = fresh.find((e) => e.type === 'invoice.paid')!.data.object.id;
    const [payment] = (await stripe().invoicePayments.list({ invoice: renewal })).data;
    const pi = payment!.payment.payment_intent as string;
    // Forget what invoice_payment.paid taught us, so the Worker must ask Stripe which invoice it was.
    await env.DB.prepare('DELETE FROM invoice_payments WHERE payment_intent = ?').bind(pi).run();
    await env.DB.prepare('UPDATE subscription_invoices SET payment_intent = NULL WHERE id = ?').bind(renewal).run();

    const charge = (await stripe().paymentIntents.retrieve(pi)).latest_charge as string;
    const opened = await emulator(`/_emulator/charges/${charge}/dispute`, { method: 'POST', body: '{}' });
    expect(opened.status, await opened.clone().text()).toBe(200);
    await deliverNew(c.customer, c.seen);
    expect((await balanceOf(c.user.id)).credits).toBe(0);
    expect((await ledgerRows(c.user.id)).at(-1)).toMatchObject({ kind: 'dispute', delta: -7_700, reference: renewal });
    await expectLedgerConsistent(c.user.id);
  });
});
