// Security (docs/api.md "Accounts", "Packs and checkout", "Live balance"): an ended session opens
// nothing, one user never reads or moves another's money, a foreign page cannot act with the
// user's cookie, and no secret ever reaches the logs.
import { env, SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BalanceMessage } from '../../worker/live/protocol';
import {
  api,
  balanceOf,
  expectLedgerConsistent,
  grantCredits,
  ledgerRows,
  ORIGIN,
  sessionCookie,
  signUp,
  uniqueEmail,
} from '../helpers';
import { checkoutRow, completed, deliver, seedCheckout, signature } from '../stripe-helpers';
import {
  apiDirect,
  callApp,
  capturedLines,
  count,
  deliverDirect,
  envWithFailingDb,
  INTERNAL_ERROR,
  UNAUTHORIZED,
  webhookRequest,
} from './support';

const PASSWORD = 'correct horse battery';
const CROSS_ORIGIN = { error: { code: 'cross_origin', message: 'Cross-origin requests are not allowed.' } };
const CROSS_ORIGIN_SOCKET = {
  error: { code: 'cross_origin', message: 'Cross-origin WebSocket connections are not allowed.' },
};

afterEach(() => {
  vi.restoreAllMocks();
});

const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
const tokenOf = (cookie: string) => cookie.split('=')[1]!;

/** The emulator's Checkout Sessions for one user (by client_reference_id), created since `since`. */
async function stripeSessionsOf(userId: string, since: number): Promise<string[]> {
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const query = `limit=100&created[gte]=${since}${after ? `&starting_after=${after}` : ''}`;
    const res = await fetch(`${env.STRIPE_API_BASE}/v1/checkout/sessions?${query}`, {
      headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}` },
    });
    const page = (await res.json()) as {
      data: { id: string; client_reference_id: string | null }[];
      has_more: boolean;
    };
    ids.push(...page.data.filter((s) => s.client_reference_id === userId).map((s) => s.id));
    if (!page.has_more || page.data.length === 0) return ids;
    after = page.data.at(-1)!.id;
  }
}

async function login(email: string, password = PASSWORD): Promise<string> {
  const res = await api('/api/auth/login', { method: 'POST', body: { email, password } });
  expect(res.status).toBe(200);
  return sessionCookie(res);
}

/** An open live socket that collects its balance messages. */
async function connect(cookie: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/balance/live`, {
    headers: { upgrade: 'websocket', cookie, origin: ORIGIN },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const messages: BalanceMessage[] = [];
  ws.addEventListener('message', (e) => {
    const text = String(e.data);
    if (text.startsWith('{')) messages.push(JSON.parse(text) as BalanceMessage);
  });
  return {
    messages,
    async waitFor(n: number) {
      const deadline = Date.now() + 3_000;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} messages, got ${JSON.stringify(messages)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return messages;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 150));

// ---------------------------------------------------------------------------------------------

describe('an ended session opens nothing', () => {
  /** Every authenticated route, as the site calls it. */
  function authenticatedCalls(cookie: string, sessionId: string) {
    return {
      me: () => api('/api/auth/me', { cookie }),
      spend: () =>
        api('/api/credits/spend', {
          method: 'POST',
          cookie,
          body: { amount: 10, reason: 'after the end', idempotencyKey: 'ended' },
        }),
      ledger: () => api('/api/credits/ledger', { cookie }),
      'checkout create': () => api('/api/checkout', { method: 'POST', cookie, body: { packId: 'starter' } }),
      'checkout status': () => api(`/api/checkout/${sessionId}`, { cookie }),
      'live socket': () =>
        SELF.fetch(`${ORIGIN}/api/balance/live`, { headers: { upgrade: 'websocket', cookie, origin: ORIGIN } }),
    };
  }

  it.each([
    { label: 'an expired', ending: 'expired' },
    { label: 'a revoked', ending: 'revoked' },
  ] as const)('$label session gets 401 on every authenticated route, and nothing changes', async ({ ending }) => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const user = await signUp(uniqueEmail('ended'), PASSWORD);
    const otherDevice = await login(user.email);
    await grantCredits(user.id, 100);
    const checkout = await seedCheckout(user.id);
    const calls = authenticatedCalls(user.cookie, checkout.sessionId);
    // The session works until it ends.
    expect(await (await calls.me()).json()).toEqual({
      id: user.id,
      email: user.email,
      credits: 100,
      held: 0,
      expiring: null,
      role: 'user',
    });

    const tokenHash = await sha256Hex(tokenOf(user.cookie));
    if (ending === 'expired') {
      const expireAt = (at: number) =>
        env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').bind(at, tokenHash).run();
      await expireAt(Date.now() + 60_000);
      expect((await calls.me()).status).toBe(200); // a minute left: still valid
      await expireAt(Date.now() - 1);
    } else {
      const out = await api('/api/auth/logout', { method: 'POST', cookie: user.cookie });
      expect(out.status).toBe(204);
      expect(await count('SELECT COUNT(*) AS n FROM sessions WHERE token_hash = ?', tokenHash)).toBe(0);
    }

    for (const [route, call] of Object.entries(calls)) {
      const res = await call();
      expect({ route, status: res.status, body: await res.json() }).toEqual({ route, status: 401, body: UNAUTHORIZED });
      expect(res.webSocket ?? null).toBeNull();
    }

    expect(await balanceOf(user.id)).toEqual({ credits: 100, version: 1 });
    expect(await ledgerRows(user.id)).toHaveLength(1);
    expect(await checkoutRow(checkout.sessionId)).toEqual({ status: 'open', amount_refunded: 0, payment_intent: null });
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(1);
    expect(await stripeSessionsOf(user.id, since)).toEqual([]);
    // Only that session ended: the same user's other device is still signed in.
    expect((await api('/api/auth/me', { cookie: otherDevice })).status).toBe(200);
  });

  it('a forged or tampered token is 401 too', async () => {
    const user = await signUp();
    const token = tokenOf(user.cookie);
    const flipped = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    for (const cookie of [
      `cc_session=${flipped}`,
      `cc_session=${token.toUpperCase()}`,
      'cc_session=',
      `cc_session=${token}x`,
    ]) {
      const res = await api('/api/auth/me', { cookie });
      expect({ cookie, status: res.status, body: await res.json() }).toEqual({
        cookie,
        status: 401,
        body: UNAUTHORIZED,
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe("one user never reaches another's money", () => {
  it("asking about another user's paid session is a 404 and does not fulfil it; the owner's ask does", async () => {
    const [owner, other] = [await signUp(), await signUp()];
    const created = await api('/api/checkout', { method: 'POST', cookie: owner.cookie, body: { packId: 'starter' } });
    expect(created.status).toBe(201);
    const { sessionId } = (await created.json()) as { sessionId: string };
    // Paid on Stripe, webhook held back: the next status call that reaches fulfilment credits it.
    const paid = await fetch(`${env.STRIPE_API_BASE}/_emulator/checkout/sessions/${sessionId}/pay`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    expect(paid.status).toBe(200);

    const snooping = await api(`/api/checkout/${sessionId}`, { cookie: other.cookie });
    expect(snooping.status).toBe(404);
    expect(await snooping.json()).toEqual({
      error: { code: 'checkout_not_found', message: 'No such checkout session.' },
    });
    expect(await balanceOf(owner.id)).toEqual({ credits: 0, version: 0 });
    expect(await balanceOf(other.id)).toEqual({ credits: 0, version: 0 });
    expect((await checkoutRow(sessionId))?.status).toBe('open');

    const own = await api(`/api/checkout/${sessionId}`, { cookie: owner.cookie });
    expect(await own.json()).toEqual({
      sessionId,
      status: 'credited',
      credits: 1000,
      balance: 1000,
      creditedAt: expect.any(String),
    });
    expect(await expectLedgerConsistent(owner.id)).toBe(1000);
    expect(await ledgerRows(other.id)).toEqual([]);
  });

  it('the ledger shows only your own entries, whatever the cursor', async () => {
    const [a, b] = [await signUp(), await signUp()];
    await grantCredits(a.id, 50);
    await grantCredits(b.id, 70);
    expect(
      (
        await api('/api/credits/spend', {
          method: 'POST',
          cookie: a.cookie,
          body: { amount: 5, reason: 'a', idempotencyKey: 'k' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await api('/api/credits/spend', {
          method: 'POST',
          cookie: b.cookie,
          body: { amount: 7, reason: 'b', idempotencyKey: 'k' },
        })
      ).status,
    ).toBe(200);
    await grantCredits(a.id, 1);

    for (const [user, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const own = (await ledgerRows(user.id)).map((r) => r.id).reverse();
      const others = (await ledgerRows(other.id)).map((r) => r.id);
      const ids = async (query: string) => {
        const res = await api(`/api/credits/ledger${query}`, { cookie: user.cookie });
        expect(res.status).toBe(200);
        const page = (await res.json()) as { entries: { id: number }[]; nextCursor: string | null };
        return { ids: page.entries.map((e) => e.id), next: page.nextCursor };
      };
      expect((await ids('?limit=100')).ids).toEqual(own);
      // A cursor past everyone's entries still yields only your own.
      expect((await ids(`?limit=100&cursor=${Math.max(...own, ...others) + 1}`)).ids).toEqual(own);
      // Paging one by one walks your entries and nobody else's.
      const walked: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { ids: number[]; next: string | null } = await ids(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        walked.push(...page.ids);
        cursor = page.next;
      } while (cursor);
      expect(walked).toEqual(own);
    }
  });

  it("user B's live socket never hears user A's changes (and does hear B's own)", async () => {
    const [a, b] = [await signUp(), await signUp()];
    const checkout = await seedCheckout(a.id);
    const [socketA, socketB] = [await connect(a.cookie), await connect(b.cookie)];
    await Promise.all([socketA.waitFor(1), socketB.waitFor(1)]);

    expect((await deliver(completed(checkout))).status).toBe(200);
    expect(
      (
        await api('/api/credits/spend', {
          method: 'POST',
          cookie: a.cookie,
          body: { amount: 300, reason: 'a-job', idempotencyKey: 'a1' },
        })
      ).status,
    ).toBe(200);
    await socketA.waitFor(3);
    await settle();
    expect(socketB.messages).toEqual([{ type: 'balance', credits: 0, held: 0, expiring: null, version: 0 }]);

    await grantCredits(b.id, 20);
    expect(
      (
        await api('/api/credits/spend', {
          method: 'POST',
          cookie: b.cookie,
          body: { amount: 5, reason: 'b-job', idempotencyKey: 'b1' },
        })
      ).status,
    ).toBe(200);
    await socketB.waitFor(2);
    await settle();
    expect(socketB.messages).toEqual([
      { type: 'balance', credits: 0, held: 0, expiring: null, version: 0 },
      {
        type: 'balance',
        credits: 15,
        held: 0,
        expiring: null,
        version: 2,
        change: { kind: 'spend', delta: -5, reference: 'b-job' },
      },
    ]);
    expect(socketA.messages).toEqual([
      { type: 'balance', credits: 0, held: 0, expiring: null, version: 0 },
      {
        type: 'balance',
        credits: 1000,
        held: 0,
        expiring: null,
        version: 1,
        change: { kind: 'purchase', delta: 1000, reference: checkout.sessionId },
      },
      {
        type: 'balance',
        credits: 700,
        held: 0,
        expiring: null,
        version: 2,
        change: { kind: 'spend', delta: -300, reference: 'a-job' },
      },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a foreign page cannot act with the user’s cookie', () => {
  /** What a cross-site request can carry instead of our Origin. */
  const FOREIGN: { label: string; headers: Record<string, string> }[] = [
    { label: 'another site', headers: { origin: 'https://evil.example' } },
    { label: 'an opaque origin', headers: { origin: 'null' } },
    { label: 'another port', headers: { origin: 'http://127.0.0.1:8788' } },
    { label: 'another scheme', headers: { origin: 'https://127.0.0.1:8787' } },
    { label: 'another host name', headers: { origin: 'http://localhost:8787' } },
    { label: 'no Origin, Sec-Fetch-Site cross-site', headers: { origin: '', 'sec-fetch-site': 'cross-site' } },
    { label: 'no Origin, Sec-Fetch-Site same-site', headers: { origin: '', 'sec-fetch-site': 'same-site' } },
  ];

  it('every state-changing route answers 403 to a cross-origin POST and changes nothing', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const user = await signUp(uniqueEmail('csrf'), PASSWORD);
    await grantCredits(user.id, 100);
    const sessionsBefore = await count('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', user.id);
    const newEmail = uniqueEmail('csrf-new');
    const routes: Record<string, { path: string; body?: unknown; cookie?: string }> = {
      signup: { path: '/api/auth/signup', body: { email: newEmail, password: PASSWORD } },
      login: { path: '/api/auth/login', body: { email: user.email, password: PASSWORD } },
      logout: { path: '/api/auth/logout', cookie: user.cookie },
      spend: {
        path: '/api/credits/spend',
        body: { amount: 10, reason: 'csrf', idempotencyKey: 'csrf' },
        cookie: user.cookie,
      },
      checkout: { path: '/api/checkout', body: { packId: 'starter' }, cookie: user.cookie },
    };

    for (const [name, route] of Object.entries(routes)) {
      for (const foreign of FOREIGN) {
        const res = await apiDirect(route.path, {
          method: 'POST',
          cookie: route.cookie,
          headers: { 'content-type': 'application/json', ...foreign.headers },
          body: route.body === undefined ? undefined : JSON.stringify(route.body),
        });
        expect({ name, from: foreign.label, status: res.status, body: await res.json() }).toEqual({
          name,
          from: foreign.label,
          status: 403,
          body: CROSS_ORIGIN,
        });
        expect(res.headers.get('set-cookie')).toBeNull();
      }
    }

    expect(await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', newEmail)).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?', user.id)).toBe(sessionsBefore);
    expect((await api('/api/auth/me', { cookie: user.cookie })).status).toBe(200);
    expect(await balanceOf(user.id)).toEqual({ credits: 100, version: 1 });
    expect(await ledgerRows(user.id)).toHaveLength(1);
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(0);
    expect(await stripeSessionsOf(user.id, since)).toEqual([]);

    // The same calls from our own origin do go through: the 403s were the Origin, nothing else.
    const spend = await apiDirect('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(routes.spend!.body),
    });
    expect(spend.status).toBe(200);
    expect((await apiDirect('/api/auth/logout', { method: 'POST', cookie: user.cookie })).status).toBe(204);
  });

  it('a cross-origin WebSocket is refused with 403 before any socket opens', async () => {
    const user = await signUp();
    for (const foreign of FOREIGN.filter((f) => f.headers.origin)) {
      const res = await SELF.fetch(`${ORIGIN}/api/balance/live`, {
        headers: { upgrade: 'websocket', cookie: user.cookie, ...foreign.headers },
      });
      expect({ from: foreign.label, status: res.status, body: await res.json() }).toEqual({
        from: foreign.label,
        status: 403,
        body: CROSS_ORIGIN_SOCKET,
      });
      expect(res.webSocket).toBeNull();
    }
    const own = await connect(user.cookie);
    expect(await own.waitFor(1)).toEqual([{ type: 'balance', credits: 0, held: 0, expiring: null, version: 0 }]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('secrets stay out of the logs', () => {
  it('purchase, bad-signature and failing-database webhooks, checkouts and sign-ins log no secret, token or password', async () => {
    const captured = (['log', 'error', 'warn', 'info', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => {}),
    );
    const wrongPassword = 'not the password at all';

    // Sign-up and sign-ins (right and wrong password) through the real entry.
    const email = uniqueEmail('logs');
    const user = await signUp(email, PASSWORD);
    const secondCookie = await login(email);
    expect((await api('/api/auth/login', { method: 'POST', body: { email, password: wrongPassword } })).status).toBe(
      401,
    );

    // A checkout through Stripe (the emulator), and a status call that fails at Stripe.
    const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
    expect(created.status).toBe(201);
    const unknownToStripe = await seedCheckout(user.id);
    const status = await api(`/api/checkout/${unknownToStripe.sessionId}`, { cookie: user.cookie });
    expect(status.status).toBe(200);

    // A purchase webhook (through SELF and straight to the app), a bad signature, a database failure.
    const bought = await seedCheckout(user.id);
    const purchase = completed(bought);
    expect((await deliver(purchase)).status).toBe(200);
    const boughtToo = await seedCheckout(user.id);
    expect((await deliverDirect(completed(boughtToo))).status).toBe(200);
    const forged = JSON.stringify(completed(await seedCheckout(user.id)));
    const badSignature = await callApp(
      webhookRequest(forged, { 'stripe-signature': await signature(forged, 'whsec_forged') }),
    );
    expect(badSignature.status).toBe(400);
    const failing = JSON.stringify(completed(await seedCheckout(user.id)));
    const broken = await callApp(
      webhookRequest(failing, { 'stripe-signature': await signature(failing) }),
      envWithFailingDb(),
    );
    expect(broken.status).toBe(500);
    expect(await broken.json()).toEqual(INTERNAL_ERROR);

    const lines = captured.flatMap((spy) => capturedLines(spy.mock.calls));
    vi.restoreAllMocks();

    // The spies really saw the Worker's log lines (including those of SELF requests), so the
    // absence checks below cannot pass vacuously.
    const messages = lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg: string; eventId?: string });
    expect(messages).toContainEqual(
      expect.objectContaining({ msg: 'stripe_webhook', eventId: purchase.id, outcome: 'credited' }),
    );
    expect(messages).toContainEqual(
      expect.objectContaining({ msg: 'unhandled_error', path: '/api/v1/webhooks/stripe' }),
    );
    expect(messages).toContainEqual(
      expect.objectContaining({ msg: 'checkout_status_stripe_failed', sessionId: unknownToStripe.sessionId }),
    );

    const secrets: Record<string, string> = {
      STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET,
      'session token': tokenOf(user.cookie),
      'second session token': tokenOf(secondCookie),
      'session cookie': user.cookie,
      password: PASSWORD,
      'wrong password': wrongPassword,
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(8);
      expect({ name, leaks: lines.filter((l) => l.includes(secret)) }).toEqual({ name, leaks: [] });
    }
    expect(await expectLedgerConsistent(user.id)).toBe(2000);
  });
});
