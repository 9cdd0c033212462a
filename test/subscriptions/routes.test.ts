// The plan routes' contract and bad input: GET /api/plans, POST /api/subscriptions/checkout (400
// unknown plan, 401, invalid bodies), GET /api/subscription (401), POST /api/billing/portal (401,
// 404 no_customer); and one Stripe Customer per user even when two first needs race.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type CustomerApi, ensureCustomer } from '../../worker/accounts/customers';
import type { Stripe } from '../../worker/stripe/client';
import { api, signUp, testDb } from '../helpers';
import { stripe } from './emulator-support';

async function checkoutRows(userId: string) {
  const { results } = await env.DB.prepare('SELECT id FROM checkout_sessions WHERE user_id = ?').bind(userId).all();
  return results;
}

describe('GET /api/plans', () => {
  it('lists pro (7,700 a month, no rollover) and studio (20,000, up to 10,000 carried), priced by the server', async () => {
    const res = await api('/api/plans');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      plans: [
        {
          id: 'pro',
          name: 'Pro',
          monthlyCredits: 7_700,
          amount: 2_900,
          currency: 'usd',
          interval: 'month',
          rollover: 0,
        },
        {
          id: 'studio',
          name: 'Max',
          monthlyCredits: 20_000,
          amount: 6_900,
          currency: 'usd',
          interval: 'month',
          rollover: 10_000,
        },
      ],
    });
  });
});

describe('bad input', () => {
  it('400 unknown_plan or invalid_request, and nothing created', async () => {
    const user = await signUp();
    const unknown = await api('/api/subscriptions/checkout', {
      method: 'POST',
      cookie: user.cookie,
      body: { planId: 'platinum' },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: { code: 'unknown_plan', message: 'There is no plan "platinum".' } });
    const notJson = await api('/api/subscriptions/checkout', { method: 'POST', cookie: user.cookie, body: 'not json' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    for (const body of [{}, { planId: 7 }, { planId: '' }, { planId: 'pro', locale: 'fr' }]) {
      const res = await api('/api/subscriptions/checkout', { method: 'POST', cookie: user.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
    expect(await checkoutRows(user.id)).toEqual([]);
    const { stripe_customer_id } = (await env.DB.prepare('SELECT stripe_customer_id FROM users WHERE id = ?')
      .bind(user.id)
      .first<{ stripe_customer_id: string | null }>())!;
    expect(stripe_customer_id).toBeNull();
  });

  it('401 signed out on every subscription route', async () => {
    const unauthorized = { error: { code: 'unauthorized', message: 'Sign in to continue.' } };
    for (const [method, path, body] of [
      ['POST', '/api/subscriptions/checkout', { planId: 'pro' }],
      ['GET', '/api/subscription', undefined],
      ['POST', '/api/billing/portal', undefined],
    ] as const) {
      const res = await api(path, { method, body });
      expect(res.status, path).toBe(401);
      expect(await res.json()).toEqual(unauthorized);
    }
  });

  it('404 no_customer for the portal before any purchase or plan', async () => {
    const user = await signUp();
    const res = await api('/api/billing/portal', { method: 'POST', cookie: user.cookie });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'no_customer', message: expect.stringContaining('nothing to manage') },
    });
  });
});

describe('one Stripe Customer per user', () => {
  it('two first needs at once (a pack and a plan) end with one customer stored, used by both sessions', async () => {
    const user = await signUp();
    const [pack, plan] = await Promise.all([
      api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } }),
      api('/api/subscriptions/checkout', { method: 'POST', cookie: user.cookie, body: { planId: 'pro' } }),
    ]);
    expect([pack.status, plan.status]).toEqual([201, 201]);
    const stored = await env.DB.prepare('SELECT stripe_customer_id FROM users WHERE id = ?')
      .bind(user.id)
      .first<string>('stripe_customer_id');
    const customers = (await stripe().customers.list({ email: user.email, limit: 10 })).data;
    expect(customers.map((c) => c.id)).toEqual([stored]);
    for (const res of [pack, plan]) {
      const { sessionId } = (await res.json()) as { sessionId: string };
      expect((await stripe().checkout.sessions.retrieve(sessionId)).customer).toBe(stored);
    }
  });

  it('if Stripe made two (its idempotency window passed), the first stored wins and the other is deleted', async () => {
    const user = await signUp();
    let n = 0;
    const deleted: string[] = [];
    // A Stripe that ignores the idempotency key and answers slowly, so both calls create.
    const customers = {
      create: async () => {
        const id = `cus_race_${user.id.slice(0, 8)}_${++n}`;
        await new Promise((r) => setTimeout(r, 20 * n));
        return { id } as Stripe.Customer;
      },
      del: async (id: string) => {
        deleted.push(id);
        return { id, deleted: true } as Stripe.DeletedCustomer;
      },
    } as unknown as CustomerApi;
    const ids = await Promise.all([1, 2, 3].map(() => ensureCustomer(testDb(), customers, user)));
    expect(new Set(ids).size).toBe(1);
    expect(n).toBe(3);
    expect(deleted.sort()).toEqual(
      [1, 2, 3]
        .map((i) => `cus_race_${user.id.slice(0, 8)}_${i}`)
        .filter((id) => id !== ids[0])
        .sort(),
    );
    const stored = await env.DB.prepare('SELECT stripe_customer_id FROM users WHERE id = ?')
      .bind(user.id)
      .first<string>('stripe_customer_id');
    expect(stored).toBe(ids[0]);
  });
});
