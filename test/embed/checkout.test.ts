// Checkout started by the app: POST /api/v1/users/{id}/checkout for a pack or a plan with return
// URLs on the key's origins only (400 url_not_allowed, nothing made), and GET /api/v1/checkout/{id}
// fulfilling a paid session itself, once, like the site's success page.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { expectLedgerConsistent, ledgerRows } from '../helpers';
import { service } from '../service/support';
import { emulator } from '../stripe-helpers';
import { APP_ORIGIN, appUser, errorCode, makeApp } from './support';

const success = `${APP_ORIGIN}/payment/success?session_id={CHECKOUT_SESSION_ID}`;
const cancel = `${APP_ORIGIN}/buy`;
const sessionCount = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM checkout_sessions').first<number>('n')) ?? 0;

describe('POST /api/v1/users/{userId}/checkout', () => {
  it("makes the site's pack Checkout, returning to the app's pages", async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const res = await service(`/users/${user.id}/checkout`, {
      method: 'POST',
      key: app.secret,
      body: { packId: 'starter', successUrl: success, cancelUrl: cancel, locale: 'zh' },
    });
    expect(res.status).toBe(201);
    const { sessionId, url } = (await res.json()) as { sessionId: string; url: string };
    expect(url).toBe(`${env.STRIPE_API_BASE}/c/pay/${sessionId}`);
    const session = (await (await emulator(`/v1/checkout/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({
      mode: 'payment',
      success_url: success,
      cancel_url: cancel,
      client_reference_id: user.id,
      metadata: { userId: user.id, packId: 'starter', credits: '1000' },
    });
  });

  it.each([
    ['another origin', 'https://evil.example/ok'],
    ["the site's own origin", 'http://127.0.0.1:8787/en/'],
    ['a look-alike host', 'http://127.0.0.1:86001/x'],
    ['user info', 'http://127.0.0.1:8600@evil.example/'],
    ['a backslash', 'http://127.0.0.1:8600\\@evil.example/'],
    ['a relative path', '/payment/success'],
    ['javascript', 'javascript:alert(1)'],
    ['a protocol-relative URL', '//127.0.0.1:8600/x'],
  ])('refuses %s with 400 url_not_allowed and makes no session', async (_, bad) => {
    const app = await makeApp();
    const user = await appUser(app);
    const before = await sessionCount();
    for (const body of [
      { packId: 'starter', successUrl: bad, cancelUrl: cancel },
      { packId: 'starter', successUrl: success, cancelUrl: bad },
    ]) {
      const res = await service(`/users/${user.id}/checkout`, { method: 'POST', key: app.secret, body });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('url_not_allowed');
    }
    expect(await sessionCount()).toBe(before);
  });

  it('is 400 for an unknown pack or plan, for both or neither; 404 for an unknown user', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const post = (body: Record<string, unknown>, id = user.id) =>
      service(`/users/${id}/checkout`, {
        method: 'POST',
        key: app.secret,
        body: { successUrl: success, cancelUrl: cancel, ...body },
      });
    expect(await errorCode(await post({ packId: 'nope' }))).toBe('unknown_pack');
    expect(await errorCode(await post({ planId: 'nope' }))).toBe('unknown_plan');
    expect((await post({ packId: 'starter', planId: 'pro' })).status).toBe(400);
    expect((await post({})).status).toBe(400);
    expect((await post({ packId: 'starter' }, 'nobody')).status).toBe(404);
  });

  it('makes a plan Checkout too (subscription mode, the same return URLs, language and buyer), its row priced by the plan', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const res = await service(`/users/${user.id}/checkout`, {
      method: 'POST',
      key: app.secret,
      body: { planId: 'pro', successUrl: success, cancelUrl: cancel, locale: 'zh' },
    });
    expect(res.status).toBe(201);
    const { sessionId } = (await res.json()) as { sessionId: string };
    const session = (await (await emulator(`/v1/checkout/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    expect(session).toMatchObject({
      mode: 'subscription',
      success_url: success,
      cancel_url: cancel,
      locale: 'zh',
      client_reference_id: user.id,
      metadata: { userId: user.id, planId: 'pro' },
    });
    // The Pro plan: its first month's allowance, at its price.
    const row = await env.DB.prepare(
      'SELECT user_id AS userId, pack_id AS packId, credits, amount, currency, mode, status FROM checkout_sessions WHERE id = ?',
    )
      .bind(sessionId)
      .first();
    expect(row).toEqual({
      userId: user.id,
      packId: 'pro',
      credits: 7_700,
      amount: 2_900,
      currency: 'usd',
      mode: 'subscription',
      status: 'open',
    });
  });
});

describe('GET /api/v1/checkout/{sessionId}', () => {
  it('fulfils a paid session itself, once, however often it is asked', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const created = await service(`/users/${user.id}/checkout`, {
      method: 'POST',
      key: app.secret,
      body: { packId: 'starter', successUrl: success, cancelUrl: cancel },
    });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const open = await service(`/checkout/${sessionId}`, { key: app.secret });
    expect(await open.json()).toMatchObject({ sessionId, status: 'open', credits: 1000, balance: 0 });

    const paid = await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
      method: 'POST',
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    expect(paid.status).toBe(200);
    // The status call's Stripe check is coalesced to one per 3 s: open the window as time would.
    await env.DB.prepare('UPDATE checkout_sessions SET stripe_checked_at = 0 WHERE id = ?').bind(sessionId).run();
    const answers = await Promise.all([1, 2, 3].map(() => service(`/checkout/${sessionId}`, { key: app.secret })));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Record<string, unknown>[];
    expect(bodies.some((b) => b.status === 'credited')).toBe(true);
    const settled = (await (await service(`/checkout/${sessionId}`, { key: app.secret })).json()) as Record<
      string,
      unknown
    >;
    expect(settled).toMatchObject({ sessionId, status: 'credited', credits: 1000, balance: 1000 });
    expect(typeof settled.creditedAt).toBe('string');
    expect((await ledgerRows(user.id)).filter((r) => r.kind === 'purchase')).toHaveLength(1);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
  });

  it('is 404 for an unknown or malformed id, and 401 without a key', async () => {
    const app = await makeApp();
    for (const id of ['cs_test_unknown', 'not-a-session']) {
      const res = await service(`/checkout/${id}`, { key: app.secret });
      expect(res.status).toBe(404);
      expect(await errorCode(res)).toBe('checkout_not_found');
    }
    expect((await service('/checkout/cs_test_unknown')).status).toBe(401);
  });
});
