// Every event of a subscription's life delivered three times, shuffled, several at a time, with
// the per-isolate memo forgotten so D1's keys must hold: the ledger, the lots and the
// subscription end exactly as when each event arrives once, in Stripe's order. (Pro: no
// rollover. A late older period is recorded but expires at once by design, so with a rollover
// cap the carried amount depends on the order periods are granted in.)
import { describe, expect, it } from 'vitest';
import { forgetProcessedEvents } from '../../worker/stripe/event-memo';
import { api, balanceOf, expectLedgerConsistent, ledgerRows } from '../helpers';
import { drain, prng, reliabilitySeed } from '../reliability/support';
import { completed, seedCheckout } from '../stripe-helpers';
import {
  at,
  chargeRefundedFor,
  deliverOk,
  invoiceFailed,
  invoicePaid,
  invoicePaymentPaid,
  lotsBySource,
  type Subscriber,
  stripeId,
  subscriber,
  subscriptionEvent,
} from './support';

const T0 = Math.floor(Date.now() / 1000);

/** A year's story: subscribe, renew, a failed renewal paid on retry, a pack, a refund, cancel. */
async function lifeOf(s: Subscriber) {
  const pack = await seedCheckout(s.user.id, { credits: 1_000, amount: 1_000 });
  const pis = [1, 2, 3].map(() => stripeId('pi'));
  const inv = (n: number) => `in_${s.subscriptionId}_${n}`;
  return {
    pack,
    events: [
      at(subscriptionEvent('created', s), T0),
      at(invoicePaid(s, { n: 1 }), T0),
      at(invoicePaymentPaid(inv(1), pis[0]!, 2_900), T0),
      at(completed(pack), T0 + 5),
      at(subscriptionEvent('updated', s, { n: 2 }), T0 + 10),
      at(invoicePaid(s, { n: 2 }), T0 + 10),
      at(invoicePaymentPaid(inv(2), pis[1]!, 2_900), T0 + 10),
      at(invoiceFailed(s, { n: 3 }), T0 + 20),
      at(subscriptionEvent('updated', s, { n: 3, status: 'past_due' }), T0 + 20),
      at(invoicePaid(s, { n: 3 }), T0 + 30),
      at(subscriptionEvent('updated', s, { n: 3, status: 'active' }), T0 + 30),
      at(invoicePaymentPaid(inv(3), pis[2]!, 2_900), T0 + 30),
      at(chargeRefundedFor(pis[2]!, 2_900, 1_450), T0 + 40),
      at(subscriptionEvent('updated', s, { n: 3, cancelAtPeriodEnd: true }), T0 + 50),
    ],
  };
}

async function outcome(s: Subscriber, packSession: string) {
  const norm = (ref: string) => ref.replaceAll(s.subscriptionId, 'SUB').replaceAll(packSession, 'PACK');
  const entries = (await ledgerRows(s.user.id)).map((r) => `${r.kind} ${r.delta} ${norm(r.reference)}`).sort();
  const lots = [...(await lotsBySource(s.user.id, 'subscription')), ...(await lotsBySource(s.user.id, 'purchase'))]
    .filter((l) => l.remaining > 0)
    .map((l) => `${l.source} ${l.remaining} ${l.expires_at} ${norm(l.reference)}`)
    .sort();
  const res = await api('/api/subscription', { cookie: s.user.cookie });
  const { subscription } = (await res.json()) as { subscription: Record<string, unknown> };
  return {
    credits: (await balanceOf(s.user.id)).credits,
    entries,
    lots,
    subscription: { ...subscription, id: norm(String(subscription.id)) },
  };
}

describe('chaos delivery of a subscription lifecycle', () => {
  it('every event three times, shuffled, four in flight: the same ledger as one in-order delivery', async () => {
    const seed = reliabilitySeed();
    console.log(`subscription chaos: seed ${seed} — replay with VITE_RELIABILITY_SEED=${seed}`);
    const random = prng(seed);
    const reference = await subscriber('pro', T0 - 60);
    const chaos = { ...(await subscriber('pro', T0 - 60)) };
    const inOrder = await lifeOf(reference);
    for (const e of inOrder.events) await deliverOk(e);
    const expected = await outcome(reference, inOrder.pack.sessionId);
    // The story's effect, spelled out: 7,700 (period 3) − 3,850 (half refunded) + the 1,000 pack.
    expect(expected.credits, `seed ${seed}`).toBe(7_700 - 3_850 + 1_000);
    expect(expected.subscription).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });

    const shuffled = await lifeOf(chaos);
    const queue = random.shuffle(shuffled.events.flatMap((e) => [e, e, e]));
    await drain(queue, 4, async (e) => {
      forgetProcessedEvents();
      await deliverOk(e);
    });
    expect(await outcome(chaos, shuffled.pack.sessionId), `seed ${seed}`).toEqual(expected);
    await expectLedgerConsistent(chaos.user.id);
    await expectLedgerConsistent(reference.user.id);
  });
});
