// Packs and checkout (docs/api.md "Packs and checkout", "Reconciliation") against the real Stripe
// emulator: the Worker's stripe SDK talks to it over HTTP exactly as it would to Stripe.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { RECONCILE_CRON } from '../worker/cron';
import {
  type Account,
  api,
  balanceOf,
  expectLedgerConsistent,
  ledgerRows,
  ORIGIN,
  runScheduled,
  signUp,
} from './helpers';
import { checkoutRow, emulator } from './stripe-helpers';

async function startCheckout(user: Account, body: Record<string, unknown> = { packId: 'starter' }) {
  const res = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body });
  expect(res.status).toBe(201);
  return (await res.json()) as { sessionId: string; url: string };
}

/** Pays on the emulator as the hosted page would, holding the webhooks back. */
async function payWithoutWebhook(sessionId: string, extra: Record<string, unknown> = {}) {
  const res = await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ deliverWebhooks: false, ...extra }),
  });
  expect(res.status).toBe(200);
}

const status = async (user: Account, sessionId: string) => {
  const res = await api(`/api/checkout/${sessionId}`, { cookie: user.cookie });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('GET /api/packs', () => {
  it('lists the server-priced packs, one of them 1,000 credits', async () => {
    const res = await api('/api/packs');
    const { packs } = (await res.json()) as {
      packs: { id: string; credits: number; amount: number; currency: string; name: string }[];
    };
    expect(packs.length).toBeGreaterThan(0);
    expect(packs).toContainEqual({
      id: 'starter',
      name: 'Starter',
      names: { en: 'Starter', zh: '入门包' },
      credits: 1000,
      amount: 1000,
      currency: 'usd',
    });
    for (const p of packs)
      expect(Object.keys(p).sort()).toEqual(['amount', 'credits', 'currency', 'id', 'name', 'names']);
  });
});

describe('POST /api/checkout', () => {
  it('creates a Checkout Session for the pack and records it before answering', async () => {
    const user = await signUp();
    const { sessionId, url } = await startCheckout(user, { packId: 'starter', locale: 'zh' });
    expect(sessionId).toMatch(/^cs_test_/);
    expect(url).toBe(`${env.STRIPE_API_BASE}/c/pay/${sessionId}`);
    expect(await checkoutRow(sessionId)).toMatchObject({ status: 'open', amount_refunded: 0 });
    const row = await env.DB.prepare(
      'SELECT user_id, pack_id, credits, amount, currency FROM checkout_sessions WHERE id = ?',
    )
      .bind(sessionId)
      .first();
    expect(row).toEqual({ user_id: user.id, pack_id: 'starter', credits: 1000, amount: 1000, currency: 'usd' });

    // The user's one Stripe Customer, made on this first need (email and userId on it), is the session's.
    const stored = await env.DB.prepare('SELECT stripe_customer_id FROM users WHERE id = ?')
      .bind(user.id)
      .first<string>('stripe_customer_id');
    expect(stored).toMatch(/^cus_/);
    const customer = (await (await emulator(`/v1/customers/${stored}`)).json()) as Record<string, unknown>;
    expect(customer).toMatchObject({ id: stored, email: user.email, metadata: { userId: user.id } });
    const session = (await (await emulator(`/v1/checkout/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({
      id: sessionId,
      mode: 'payment',
      amount_total: 1000,
      currency: 'usd',
      client_reference_id: user.id,
      customer: stored,
      metadata: { userId: user.id, packId: 'starter', credits: '1000' },
      success_url: `${ORIGIN}/zh/payment/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${ORIGIN}/zh/payment/cancel?session_id={CHECKOUT_SESSION_ID}`,
    });
  });

  it('names the line item in the request locale and asks Stripe for that locale (zh and en)', async () => {
    const user = await signUp();
    const lineItem = async (sessionId: string) => {
      const list = (await (await emulator(`/v1/checkout/sessions/${sessionId}/line_items`)).json()) as {
        data: { description: string }[];
      };
      return list.data.map((item) => item.description);
    };
    const zh = await startCheckout(user, { packId: 'creator', locale: 'zh' });
    expect(await lineItem(zh.sessionId)).toEqual(['创作者包 — 5,500 积分']);
    const zhSession = (await (await emulator(`/v1/checkout/sessions/${zh.sessionId}`)).json()) as { locale: string };
    expect(zhSession.locale).toBe('zh');
    const en = await startCheckout(user, { packId: 'creator', locale: 'en' });
    expect(await lineItem(en.sessionId)).toEqual(['Creator — 5,500 credits']);
  });

  it('the same idempotency key returns the same session', async () => {
    const user = await signUp();
    const a = await startCheckout(user, { packId: 'starter', idempotencyKey: 'buy-1' });
    const b = await startCheckout(user, { packId: 'starter', idempotencyKey: 'buy-1' });
    expect(b.sessionId).toBe(a.sessionId);
  });

  it('answers 400 for an unknown pack, 401 when signed out, and creates nothing', async () => {
    const user = await signUp();
    const res = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'gold' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'unknown_pack', message: 'There is no pack "gold".' } });
    const anon = await api('/api/checkout', { method: 'POST', body: { packId: 'starter' } });
    expect(anon.status).toBe(401);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?')
      .bind(user.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
  });
});

describe('GET /api/checkout/{id}: the success page fulfils by itself', () => {
  it('is open before payment', async () => {
    const user = await signUp();
    const { sessionId } = await startCheckout(user);
    expect(await status(user, sessionId)).toEqual({
      status: 200,
      body: { sessionId, status: 'open', credits: 1000, balance: 0, creditedAt: null },
    });
  });

  it('credits a paid session whose webhook never came, exactly once', async () => {
    const user = await signUp();
    const { sessionId } = await startCheckout(user);
    await payWithoutWebhook(sessionId);
    expect((await status(user, sessionId)).body).toEqual({
      sessionId,
      status: 'credited',
      credits: 1000,
      balance: 1000,
      creditedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await status(user, sessionId)).body).toMatchObject({ status: 'credited', balance: 1000 });
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect(await ledgerRows(user.id)).toHaveLength(1);
  });

  it('shows an async bank payment as processing', async () => {
    const user = await signUp();
    const { sessionId } = await startCheckout(user);
    await payWithoutWebhook(sessionId, { method: 'bank_transfer', asyncSettleMs: 60_000 });
    expect((await status(user, sessionId)).body).toMatchObject({ status: 'processing', balance: 0 });
  });

  it('shows an expired session as expired', async () => {
    const user = await signUp();
    const { sessionId } = await startCheckout(user);
    const expired = await emulator(`/v1/checkout/sessions/${sessionId}/expire`, { method: 'POST' });
    expect(expired.status).toBe(200);
    expect((await status(user, sessionId)).body).toMatchObject({ status: 'expired', balance: 0 });
  });

  it("answers 404 for another user's session and for unknown ids", async () => {
    const [owner, other] = [await signUp(), await signUp()];
    const { sessionId } = await startCheckout(owner);
    await payWithoutWebhook(sessionId);
    for (const path of [sessionId, 'cs_test_doesnotexist', 'not-a-session']) {
      const res = await status(other, path);
      expect(res).toEqual({
        status: 404,
        body: { error: { code: 'checkout_not_found', message: 'No such checkout session.' } },
      });
    }
    // Asking about someone else's paid session must not fulfil it either.
    expect((await balanceOf(owner.id)).credits).toBe(0);
  });
});

describe('reconciliation cron', () => {
  it('credits paid sessions that no webhook or page reported, once, and leaves the rest', async () => {
    const [paid, unpaid] = [await signUp(), await signUp()];
    const a = await startCheckout(paid);
    const b = await startCheckout(unpaid);
    await payWithoutWebhook(a.sessionId);

    const run = async () => {
      await runScheduled(RECONCILE_CRON);
    };
    await run();
    await run();
    expect(await expectLedgerConsistent(paid.id)).toBe(1000);
    expect(await ledgerRows(paid.id)).toHaveLength(1);
    expect((await checkoutRow(a.sessionId))?.status).toBe('credited');
    expect((await checkoutRow(b.sessionId))?.status).toBe('open');
    expect((await balanceOf(unpaid.id)).credits).toBe(0);
  });
});
