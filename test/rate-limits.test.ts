// Abuse limits (README "Configuration": rate limits): login attempts per account and per IP,
// sign-ups per IP, checkout creations per user answer 429 rate_limited with Retry-After and do
// nothing; the success page's status polls cost Stripe one retrieve per session every 3 s.
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RATE_LIMIT_PERIOD_SECONDS, rateLimitKeys } from '../worker/abuse/rate-limits';
import { stripeClient } from '../worker/stripe/client';
import { api, signUp, uniqueEmail } from './helpers';
import { count } from './reliability/support';

const PASSWORD = 'correct horse battery';
/** freshWindow() may wait up to 8 s, and filling a bucket takes a few hundred calls. */
const SLOW = { timeout: 30_000 };
/** wrangler.toml's thresholds. */
const LIMITS = { loginAccount: 10, loginIp: 100, signupIp: 600, checkoutUser: 300 };
const RATE_LIMITED = {
  error: { code: 'rate_limited', message: 'Too many requests. Please wait a minute and try again.' },
};

afterEach(() => {
  vi.restoreAllMocks();
});

let ipSeq = 0;
const runTag = crypto.randomUUID().slice(0, 4);
/** A fresh client address per call (IPv6 documentation prefix), so buckets never carry over. */
const freshIp = () => `2001:db8::${runTag}:${(++ipSeq).toString(16)}`;

/**
 * The limiter counts in fixed windows: a test that fills a bucket must not straddle a window's
 * end (the bucket would empty half-way). Waits for the next window when less than 8 s are left.
 */
async function freshWindow() {
  const periodMs = RATE_LIMIT_PERIOD_SECONDS * 1000;
  const left = periodMs - (Date.now() % periodMs);
  if (left < 8_000) await new Promise((r) => setTimeout(r, left + 50));
}

/** Uses up `n` of a bucket directly through the binding the Worker uses. */
async function spend(limiter: RateLimit, key: string, n: number) {
  for (let i = 0; i < n; i++) expect((await limiter.limit({ key })).success).toBe(true);
}

async function expectRateLimited(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
  expect(await res.json()).toEqual(RATE_LIMITED);
}

const login = (email: string, password: string, ip?: string) =>
  api('/api/auth/login', {
    method: 'POST',
    body: { email, password },
    headers: ip ? { 'cf-connecting-ip': ip } : {},
  });

describe('login', () => {
  it(
    `refuses attempts on one account past ${LIMITS.loginAccount} a minute, even with the right password`,
    SLOW,
    async () => {
      await freshWindow();
      const user = await signUp(uniqueEmail('guessed'), PASSWORD);
      const sessionsBefore = await count('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', user.id);
      // Each guess from another address: the per-account limit is what stops a distributed guesser.
      for (let i = 0; i < LIMITS.loginAccount; i++) {
        const res = await login(user.email.toUpperCase(), `wrong password ${i}`, freshIp());
        expect(res.status).toBe(401);
      }
      const right = await login(user.email, PASSWORD, freshIp());
      await expectRateLimited(right);
      expect(right.headers.get('set-cookie')).toBeNull();
      expect(await count('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', user.id)).toBe(sessionsBefore);
      // Another account is not affected.
      const other = await signUp(uniqueEmail('bystander'), PASSWORD);
      expect((await login(other.email, PASSWORD, freshIp())).status).toBe(200);
    },
  );

  it(`refuses attempts from one address past ${LIMITS.loginIp} a minute, whatever the account`, SLOW, async () => {
    await freshWindow();
    const ip = freshIp();
    const user = await signUp(uniqueEmail('sprayed'), PASSWORD);
    await spend(env.LOGIN_IP_LIMITER, rateLimitKeys.loginIp(ip), LIMITS.loginIp - 1);
    // The last one this window still gets through (and works).
    expect((await login(user.email, PASSWORD, ip)).status).toBe(200);
    await expectRateLimited(await login(user.email, PASSWORD, ip));
    await expectRateLimited(await login(uniqueEmail('unknown'), 'whatever-123', ip));
    // The same account from another address still signs in.
    expect((await login(user.email, PASSWORD, freshIp())).status).toBe(200);
  });
});

describe('signup', () => {
  it(`refuses sign-ups from one address past ${LIMITS.signupIp} a minute and creates nothing`, SLOW, async () => {
    await freshWindow();
    const ip = freshIp();
    await spend(env.SIGNUP_IP_LIMITER, rateLimitKeys.signupIp(ip), LIMITS.signupIp - 1);
    const signup = (email: string, from = ip) =>
      api('/api/auth/signup', {
        method: 'POST',
        body: { email, password: PASSWORD },
        headers: { 'cf-connecting-ip': from },
      });
    expect((await signup(uniqueEmail('last-allowed'))).status).toBe(201);
    const refused = uniqueEmail('refused');
    const res = await signup(refused);
    await expectRateLimited(res);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', refused)).toBe(0);
    expect((await signup(uniqueEmail('elsewhere'), freshIp())).status).toBe(201);
  });
});

describe('checkout creation', () => {
  it(`refuses checkouts of one user past ${LIMITS.checkoutUser} a minute: no row, no Stripe call`, SLOW, async () => {
    await freshWindow();
    const user = await signUp();
    const other = await signUp();
    await spend(env.CHECKOUT_USER_LIMITER, rateLimitKeys.checkoutUser(user.id), LIMITS.checkoutUser - 1);
    const create = stripeSpy('create');
    const buy = (cookie: string) => api('/api/checkout', { method: 'POST', cookie, body: { packId: 'starter' } });
    expect((await buy(user.cookie)).status).toBe(201);
    await expectRateLimited(await buy(user.cookie));
    expect(create).toHaveBeenCalledTimes(1);
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(1);
    // Per user: someone else buys as usual.
    expect((await buy(other.cookie)).status).toBe(201);
  });
});

/** Counts the Worker's calls to Stripe's Checkout Sessions API (the same client instance it uses). */
function stripeSpy(method: 'create' | 'retrieve') {
  return vi.spyOn(stripeClient(env).checkout.sessions, method);
}

describe('GET /api/checkout/{id} status polls', () => {
  it('ask Stripe at most once per session every 3 s and answer the rest from D1', async () => {
    const user = await signUp();
    const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const retrieve = stripeSpy('retrieve');
    const poll = async () => {
      const res = await api(`/api/checkout/${sessionId}`, { cookie: user.cookie });
      expect(res.status).toBe(200);
      return (await res.json()) as { status: string; credits: number; balance: number };
    };

    // A burst (a page in a loop, or several tabs), some of it concurrent.
    const answers = [...(await Promise.all(Array.from({ length: 10 }, poll)))];
    for (let i = 0; i < 20; i++) answers.push(await poll());
    expect(answers.every((a) => a.status === 'open' && a.balance === 0)).toBe(true);
    expect(retrieve).toHaveBeenCalledTimes(1);

    // Paid on Stripe with the webhook lost: within the window the page still reads D1…
    await fetch(`${env.STRIPE_API_BASE}/_emulator/checkout/sessions/${sessionId}/pay`, {
      method: 'POST',
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    expect((await poll()).status).toBe('open');
    expect(retrieve).toHaveBeenCalledTimes(1);
    // …and once the window has passed (rewound here instead of waiting 3 s), one poll asks and credits.
    await env.DB.prepare('UPDATE checkout_sessions SET stripe_checked_at = stripe_checked_at - 3000 WHERE id = ?')
      .bind(sessionId)
      .run();
    expect(await poll()).toMatchObject({ status: 'credited', credits: 1000, balance: 1000 });
    expect(retrieve).toHaveBeenCalledTimes(2);
    // Settled: never asks again.
    await poll();
    expect(retrieve).toHaveBeenCalledTimes(2);
  });
});
