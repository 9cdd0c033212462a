// With no endpoint that could receive them, money moves write no webhook events (nothing would ever
// deliver them, and the purchase path pays nothing for the feature); from the first endpoint on, they do.
import { describe, expect, it } from 'vitest';
import { balanceOf, signUp } from '../helpers';
import { completed, deliver, seedCheckout } from '../stripe-helpers';
import { addReceiver, eventsOf } from './support';

describe('webhook events with no receiver', () => {
  it('a purchase credits as always and writes no event; once an endpoint exists, the next one does', async () => {
    const first = await signUp();
    const before = await seedCheckout(first.id, { credits: 1000, amount: 1500 });
    expect((await deliver(completed(before))).status).toBe(200);
    expect((await balanceOf(first.id)).credits).toBe(1000);
    expect(await eventsOf(first.id)).toEqual([]);

    await addReceiver();
    const second = await signUp();
    const after = await seedCheckout(second.id, { credits: 1000, amount: 1500 });
    expect((await deliver(completed(after))).status).toBe(200);
    expect((await eventsOf(second.id)).map((e) => e.type)).toEqual(['credits.purchased']);
  });
});
