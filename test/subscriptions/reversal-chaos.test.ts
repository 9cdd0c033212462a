// A studio subscription's refunds and disputes (a month refunded in two steps after its credit
// rolled over, a month disputed and lost, a month half refunded and its other half disputed and
// won) with every event delivered
// three times in a shuffled order: the balance and the live lots end exactly as when each event
// arrives once, in Stripe's order. The periods' invoice.paid events keep their relative order: a
// late older period expires at once by design (chaos.test.ts), which changes what rolls over.
import { describe, expect, it } from 'vitest';
import { forgetProcessedEvents } from '../../worker/stripe/event-memo';
import { prng, reliabilitySeed } from '../reliability/support';
import { completed, seedCheckout } from '../stripe-helpers';
import { disputeFor, moneyOf, periodEvents, STUDIO } from './reversal-support';
import { chargeRefundedFor, deliverOk, type Subscriber, subscriber } from './support';

/** Three months of studio and their reversals, in Stripe's order. */
async function storyOf(s: Subscriber) {
  const pack = await seedCheckout(s.user.id, { credits: 1_000, amount: 1_000 });
  const [m1, m2, m3] = [1, 2, 3].map((n) => periodEvents(s, n, STUDIO.amount)) as [
    ReturnType<typeof periodEvents>,
    ReturnType<typeof periodEvents>,
    ReturnType<typeof periodEvents>,
  ];
  const d2 = `dp_${s.subscriptionId}_2`;
  const d3 = `dp_${s.subscriptionId}_3`;
  return [
    m1.paid,
    m1.payment,
    completed(pack),
    m2.paid,
    m2.payment,
    chargeRefundedFor(m1.pi, STUDIO.amount, STUDIO.amount / 4),
    chargeRefundedFor(m1.pi, STUDIO.amount, STUDIO.amount),
    disputeFor('created', m2.pi, d2, STUDIO.amount),
    m3.paid,
    m3.payment,
    disputeFor('closed', m2.pi, d2, STUDIO.amount, 'lost'),
    chargeRefundedFor(m3.pi, STUDIO.amount, STUDIO.amount / 2),
    disputeFor('created', m3.pi, d3, STUDIO.amount / 2),
    disputeFor('closed', m3.pi, d3, STUDIO.amount / 2, 'won'),
  ];
}

describe('chaos delivery of plan refunds and disputes', () => {
  it('every event three times, shuffled: the same balance and lots as one in-order delivery', async () => {
    const seed = reliabilitySeed();
    console.log(`plan reversal chaos: seed ${seed} — replay with VITE_RELIABILITY_SEED=${seed}`);
    const random = prng(seed);
    const reference = await subscriber('studio');
    for (const e of await storyOf(reference)) await deliverOk(e);
    const expected = await moneyOf(reference);
    // Month 1: 10,000 of it carried, then refunded; month 2: disputed and lost, nothing left to
    // carry; month 3: half refunded, the other half disputed and won. The pack and half of month 3.
    expect(expected.credits, `seed ${seed}`).toBe(1_000 + 10_000);

    const chaos = await subscriber('studio', reference.start);
    const queue = random.shuffle((await storyOf(chaos)).flatMap((e) => [e, e, e]));
    // Put the periods' invoice.paid events back in period order, where the shuffle left them.
    const slots = queue.flatMap((e, i) => (e.type === 'invoice.paid' ? [i] : []));
    const grants = slots
      .map((i) => queue[i]!)
      .sort((a, b) => String(a.data.object.id).localeCompare(String(b.data.object.id)));
    slots.forEach((slot, k) => {
      queue[slot] = grants[k]!;
    });
    // One at a time: concurrent deliveries of two periods' grants could still swap them.
    for (const e of queue) {
      forgetProcessedEvents();
      await deliverOk(e);
    }
    expect(await moneyOf(chaos), `seed ${seed}`).toEqual(expected);
  });
});
