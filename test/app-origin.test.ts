// APP_ORIGIN (README "Configuration"): redirect URLs, the cookie's Secure flag and the same-origin
// rule come from configuration, never from the Host header a caller chooses.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, ORIGIN, signUp, uniqueEmail } from './helpers';
import { callApp, count } from './reliability/support';

const EVIL = 'http://evil.example';

async function stripeSession(id: string) {
  const res = await fetch(`${env.STRIPE_API_BASE}/v1/checkout/sessions/${id}`, {
    headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}` },
  });
  return (await res.json()) as { success_url: string; cancel_url: string; client_reference_id: string };
}

describe('Checkout redirect URLs', () => {
  it('stay on APP_ORIGIN when the request names another host', async () => {
    const user = await signUp();
    // A non-browser client (no Origin) may send any Host: the URLs Stripe redirects to don't follow it.
    const res = await SELF.fetch(`${EVIL}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: user.cookie, host: 'evil.example' },
      body: JSON.stringify({ packId: 'starter', locale: 'zh' }),
    });
    expect(res.status).toBe(201);
    const { sessionId } = (await res.json()) as { sessionId: string };
    const session = await stripeSession(sessionId);
    expect(session.client_reference_id).toBe(user.id);
    expect(session.success_url).toBe(`${ORIGIN}/zh/payment/success?session_id={CHECKOUT_SESSION_ID}`);
    expect(session.cancel_url).toBe(`${ORIGIN}/zh/payment/cancel?session_id={CHECKOUT_SESSION_ID}`);
  });
});

describe('the same-origin rule', () => {
  it('compares Origin with APP_ORIGIN, not with the Host the request came to', async () => {
    const user = await signUp();
    // Origin equals the request's own host, but that host is not the app: refused, nothing made.
    const res = await SELF.fetch(`${EVIL}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: user.cookie, origin: EVIL },
      body: JSON.stringify({ packId: 'starter' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'cross_origin', message: 'Cross-origin requests are not allowed.' },
    });
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(0);

    const socket = await SELF.fetch(`${EVIL}/api/balance/live`, {
      headers: { upgrade: 'websocket', cookie: user.cookie, origin: EVIL },
    });
    expect(socket.status).toBe(403);

    // The app's own origin, reached under any host name, is accepted.
    const own = await SELF.fetch(`${EVIL}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: user.cookie, origin: ORIGIN },
      body: JSON.stringify({ packId: 'starter' }),
    });
    expect(own.status).toBe(201);
  });
});

describe('a missing or unusable APP_ORIGIN', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not a URL', 'creditcast'],
    ['with a path', 'https://creditcast.example/app'],
    ['plain http on a public host', 'http://creditcast.example'],
  ])('(%s) is a configuration error before anything is written, not a fallback to Host', async (_label, value) => {
    const { APP_ORIGIN: _, ...rest } = env;
    const appEnv = (value === undefined ? rest : { ...rest, APP_ORIGIN: value }) as Env;
    const email = uniqueEmail('no-origin');
    const res = await callApp(
      new Request(`${ORIGIN}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ email, password: 'correct horse battery' }),
      }),
      appEnv,
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: {
        code: 'app_origin_not_configured',
        message: "APP_ORIGIN is not configured: set it to the app's public origin (e.g. https://credits.example.com).",
      },
    });
    expect(await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', email)).toBe(0);
  });

  it('does not stop reads that need no origin', async () => {
    const { APP_ORIGIN: _, ...rest } = env;
    const res = await callApp(new Request(`${ORIGIN}/api/health`), rest as Env);
    expect(await res.json()).toEqual({ ok: true });
    // …and with it configured, the suite's own calls work (the binding vitest.config.ts sets).
    expect((await api('/api/packs')).status).toBe(200);
  });
});
