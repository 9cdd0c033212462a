// Users named by email on the console's lists (issue 23, item 5): Stripe events carry their user's
// email and filter by type, outcome and user (id or email); audit rows name their target's email.
import { describe, expect, it } from 'vitest';
import { type Account, api, signUp } from '../helpers';
import { deliverOk, invoicePaid, subscriber } from '../subscriptions/support';
import { creditedPurchase, operator } from './support';

interface EventRow {
  type: string;
  outcome: string | null;
  userId: string | null;
  email: string | null;
}

async function events(op: Account, query: string): Promise<EventRow[]> {
  const res = await api(`/api/admin/events?${query}`, { cookie: op.cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: EventRow[] }).events;
}

describe('console lists', () => {
  it('events name their user by email and filter by type, outcome and user', async () => {
    const op = await operator();
    const s = await subscriber();
    await deliverOk(invoicePaid(s));
    await deliverOk(invoicePaid(s, { n: 2 }));

    const mine = await events(op, `user=${encodeURIComponent(s.user.email.toUpperCase())}`);
    expect(mine.map((e) => [e.type, e.outcome, e.userId, e.email])).toEqual([
      ['invoice.paid', 'credited', s.user.id, s.user.email],
      ['invoice.paid', 'credited', s.user.id, s.user.email],
    ]);
    expect(await events(op, `user=${s.user.id}&type=invoice.paid&outcome=credited`)).toHaveLength(2);
    expect(await events(op, `user=${s.user.id}&type=charge.refunded`)).toEqual([]);
    expect(await events(op, `user=${s.user.id}&outcome=duplicate`)).toEqual([]);
    const tooLong = await api(`/api/admin/events?type=${'x'.repeat(201)}`, { cookie: op.cookie });
    expect(tooLong.status).toBe(400);
  });

  it('audit rows name the target user (or the purchase buyer) by email', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await creditedPurchase(user);
    await api(`/api/admin/users/${user.id}/adjustments`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: -10, reason: 'fix', idempotencyKey: crypto.randomUUID() },
    });
    await api(`/api/admin/purchases/${sessionId}/refund`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: 100, reason: 'asked', idempotencyKey: crypto.randomUUID() },
    });
    const { entries } = (await (await api('/api/admin/audit', { cookie: op.cookie })).json()) as {
      entries: { action: string; target: string; targetEmail: string | null; actorEmail: string | null }[];
    };
    expect(entries.slice(0, 2).map((e) => [e.action, e.target, e.targetEmail, e.actorEmail])).toEqual([
      ['purchase.refund', sessionId, user.email, op.email],
      ['credits.debit', user.id, user.email, op.email],
    ]);
  });
});
