// The console's user search (issue 18, item 11): any query up to 200 characters answers 200 (it
// used to be a 500 past ~50, D1's LIKE pattern limit), longer is a 400; a user is found by a
// Checkout Session id, PaymentIntent id, Stripe customer or subscription id, or any part of the email.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, api, signUp, uniqueEmail } from '../helpers';
import { checkoutRow } from '../stripe-helpers';
import { deliverOk, invoicePaid, subscriber, subscriptionEvent } from '../subscriptions/support';
import { creditedPurchase, operator } from './support';

async function search(op: Account, query: string) {
  return api(`/api/admin/users?query=${encodeURIComponent(query)}`, { cookie: op.cookie });
}

async function foundIds(op: Account, query: string): Promise<string[]> {
  const res = await search(op, query);
  expect(res.status, query).toBe(200);
  return ((await res.json()) as { users: { id: string }[] }).users.map((u) => u.id);
}

describe('admin user search', () => {
  it('answers 200 for any query up to 200 characters, 400 beyond, and never matches on wildcards', async () => {
    const op = await operator();
    for (const length of [51, 66, 120, 200]) expect(await foundIds(op, 'x'.repeat(length))).toEqual([]);
    expect(await foundIds(op, `${'%'.repeat(60)}_`)).toEqual([]);
    const tooLong = await search(op, 'x'.repeat(201));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({
      error: { code: 'invalid_request', message: 'query: must be at most 200 characters' },
    });
  });

  it('finds a user by Checkout Session id, PaymentIntent id, any part of the email, and exact id', async () => {
    const op = await operator();
    const user = await signUp(uniqueEmail('Findable.Person'));
    const other = await signUp();
    const sessionId = await creditedPurchase(user);
    const paymentIntent = (await checkoutRow(sessionId))?.payment_intent ?? '';
    expect(sessionId.length).toBeGreaterThan(50);
    expect(await foundIds(op, sessionId)).toEqual([user.id]);
    expect(await foundIds(op, ` ${sessionId} `)).toEqual([user.id]);
    expect(await foundIds(op, paymentIntent)).toEqual([user.id]);
    expect(await foundIds(op, 'able.PERSON')).toEqual([user.id]);
    expect(await foundIds(op, user.id)).toEqual([user.id]);
    expect(await foundIds(op, other.email)).toEqual([other.id]);
    // A prefix of a session id is not a session id: exact ids only.
    expect(await foundIds(op, sessionId.slice(0, -1))).toEqual([]);
  });

  it('finds a user by Stripe customer id and subscription id', async () => {
    const op = await operator();
    const user = await signUp();
    const customer = `cus_${crypto.randomUUID().replaceAll('-', '')}`;
    const subscription = `sub_${crypto.randomUUID().replaceAll('-', '')}`;
    await env.DB.prepare('UPDATE users SET stripe_customer_id = ? WHERE id = ?').bind(customer, user.id).run();
    await env.DB.prepare(
      `INSERT INTO subscriptions (id, user_id, plan_id, status, source_at, source_rank, updated_at)
       VALUES (?, ?, 'pro', 'active', 0, 0, 0)`,
    )
      .bind(subscription, user.id)
      .run();
    expect(await foundIds(op, customer)).toEqual([user.id]);
    expect(await foundIds(op, subscription)).toEqual([user.id]);
  });

  it('finds a user by invoice id or external id, and each result shows email, balance and plan', async () => {
    const op = await operator();
    const s = await subscriber();
    const invoice = invoicePaid(s);
    await deliverOk(subscriptionEvent('created', s));
    await deliverOk(invoice);
    const external = `ext-${crypto.randomUUID()}`;
    await env.DB.prepare('UPDATE users SET external_id = ? WHERE id = ?').bind(external, s.user.id).run();

    expect(await foundIds(op, invoice.data.object.id)).toEqual([s.user.id]);
    expect(await foundIds(op, external)).toEqual([s.user.id]);
    const res = await search(op, external);
    expect(((await res.json()) as { users: unknown[] }).users).toEqual([
      {
        id: s.user.id,
        email: s.user.email,
        credits: 7700,
        held: 0,
        plan: { planId: 'pro', status: 'active' },
        createdAt: expect.any(String),
      },
    ]);
  });
});
