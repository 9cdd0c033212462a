// The outbox: each ledger change writes the events reporting it in its own batch, once, from its
// real cause (purchase webhook, grant, refund, dispute, hold expiry, lot expiry), and a batch that
// fails midway leaves neither the change nor the event.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { grant } from '../../worker/ledger/spending';
import { balanceOf, grantCredits, signUp, testDb } from '../helpers';
import { deliverDirect, envWithFailingDb } from '../reliability/support';
import { auditOf, makeKey, service } from '../service/support';
import { chargeRefunded, completed, deliver, dispute, seedCheckout } from '../stripe-helpers';
import { addReceiver, eventsOf } from './support';

describe('outbox', () => {
  beforeAll(addReceiver);

  it('a purchase through the Stripe webhook writes one credits.purchased, even when Stripe repeats it', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1500 });
    expect((await deliver(completed(checkout))).status).toBe(200);
    expect((await deliver(completed(checkout))).status).toBe(200);
    const { credits, version } = await balanceOf(user.id);
    expect(credits).toBe(1000);
    expect(await eventsOf(user.id)).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        type: 'credits.purchased',
        data: {
          userId: user.id,
          externalId: null,
          balance: 1000,
          version,
          sessionId: checkout.sessionId,
          packId: 'starter',
          credits: 1000,
          amount: 1500,
          currency: 'usd',
        },
      },
    ]);
  });

  it('a purchase whose batch fails midway leaves neither the credit nor the event', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    const res = await deliverDirect(completed(checkout), envWithFailingDb());
    expect(res.status).toBe(500);
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
    expect(await eventsOf(user.id)).toEqual([]);
    // Stripe's retry then lands both.
    expect((await deliverDirect(completed(checkout))).status).toBe(200);
    expect((await eventsOf(user.id)).map((e) => e.type)).toEqual(['credits.purchased']);
  });

  it('a grant reports credits.granted with its source and reason; a replayed key reports nothing', async () => {
    const user = await signUp();
    const input = { userId: user.id, amount: 300, reason: 'welcome', idempotencyKey: 'g1' };
    await grant(testDb(), ignoreCommits, input);
    await grant(testDb(), ignoreCommits, input);
    expect(await eventsOf(user.id)).toEqual([
      expect.objectContaining({
        type: 'credits.granted',
        data: expect.objectContaining({ source: 'grant', credits: 300, reason: 'welcome', balance: 300, version: 1 }),
      }),
    ]);
  });

  it('a refund and a dispute report credits.reversed with their cause and negative credits', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    await deliver(completed(checkout));
    expect((await deliver(chargeRefunded(checkout, 250))).status).toBe(200);
    expect((await deliver(dispute('charge.dispute.created', checkout, 'dp_outbox_1', 500))).status).toBe(200);
    const reversed = await eventsOf(user.id, 'credits.reversed');
    expect(reversed.map((e) => [e.data.cause, e.data.credits, e.data.balance])).toEqual([
      ['refund', -250, 750],
      ['dispute', -500, 250],
    ]);
  });

  it('a purchase applying a refund and a dispute that came first reports all three entries, each once', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    expect((await deliver(chargeRefunded(checkout, 250))).status).toBe(200);
    expect((await deliver(dispute('charge.dispute.created', checkout, 'dp_outbox_first', 500))).status).toBe(200);
    expect(await eventsOf(user.id)).toEqual([]);
    // One commit, three entries: the outbox pass after the steps finds every one of them.
    expect((await deliver(completed(checkout))).status).toBe(200);
    expect((await deliver(completed(checkout))).status).toBe(200);
    const events = await eventsOf(user.id);
    expect(events.map((e) => [e.type, e.data.credits, e.data.balance, e.data.cause ?? null])).toEqual([
      ['credits.purchased', 1000, 1000, null],
      ['credits.reversed', -250, 750, 'refund'],
      ['credits.reversed', -500, 250, 'dispute'],
    ]);
    expect((await balanceOf(user.id)).credits).toBe(250);
  });

  it('a credit and its clawback in one commit are one step for balance.low: below the line before and after, no alert', async () => {
    const user = await signUp();
    await grantCredits(user.id, 50); // below the default line (100): not armed
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    expect((await deliver(chargeRefunded(checkout, 1000))).status).toBe(200);
    // +1,000 then -1,000 in one transaction: nobody could see the 1,050 in between.
    expect((await deliver(completed(checkout))).status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(50);
    expect((await eventsOf(user.id)).map((e) => e.type)).toEqual([
      'credits.granted',
      'credits.purchased',
      'credits.reversed',
    ]);
  });

  it('no event is written for a user with no change (the ledger refused the spend)', async () => {
    const user = await signUp();
    await grantCredits(user.id, 5);
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM webhook_events').first<{ n: number }>();
    const res = await deliver(completed(await seedCheckout(user.id), { amount_total: 1 }));
    expect(res.status).toBe(200);
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM webhook_events').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });
});

describe('events beside the statements that follow a move', () => {
  beforeAll(addReceiver);

  it('a service grant with a receiver enabled writes its audit row (right after its move) and its event', async () => {
    const key = await makeKey();
    const user = await signUp();
    const body = { amount: 250, reason: 'welcome', idempotencyKey: 'grant-with-receiver' };
    expect((await service(`/users/${user.id}/grants`, { method: 'POST', key: key.secret, body })).status).toBe(201);
    expect((await service(`/users/${user.id}/grants`, { method: 'POST', key: key.secret, body })).status).toBe(201);
    expect((await auditOf(user.id)).map((r) => r.action)).toEqual(['credits.grant']);
    expect((await eventsOf(user.id)).map((e) => e.type)).toEqual(['credits.granted']);
  });
});
