// POST /api/account/delete: closing an account. Needs the password; refused while the balance is
// negative; on success every session and live socket ends, the email becomes a tombstone (free to sign
// up again), the password hash is unusable, the ledger keeps its rows, and the open Checkout Sessions
// are expired (payments that still arrive: test/subscriptions/closed-account.test.ts). Also: "last
// seen" throttling.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { LAST_SEEN_EVERY_MS, touchSession } from '../worker/accounts/session-list';
import { CLOSE_SESSION_ENDED } from '../worker/live/balance-room';
import {
  api,
  expectLedgerConsistent,
  grantCredits,
  ledgerRows,
  ORIGIN,
  sessionCookie,
  signUp,
  testDb,
} from './helpers';
import { chargeRefunded, completed, deliver, emulator, seedCheckout } from './stripe-helpers';
import { deliverOk, subscriber, subscriptionEvent } from './subscriptions/support';

const PASSWORD = 'correct horse battery';

const closeAccount = (cookie: string, password: string) =>
  api('/api/account/delete', { method: 'POST', cookie, body: { password } });

async function userRow(id: string) {
  return env.DB.prepare('SELECT email, password_hash, role FROM users WHERE id = ?')
    .bind(id)
    .first<{ email: string; password_hash: string; role: string }>();
}

async function sessionCount(userId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?')
    .bind(userId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe('POST /api/account/delete', () => {
  it('erases the email, ends every session and socket, keeps the ledger; the email can sign up again', async () => {
    const user = await signUp();
    await grantCredits(user.id, 300);
    const login = await api('/api/auth/login', { method: 'POST', body: { email: user.email, password: PASSWORD } });
    const other = sessionCookie(login);
    const res0 = await SELF.fetch(`${ORIGIN}/api/balance/live`, {
      headers: { upgrade: 'websocket', cookie: other, origin: ORIGIN },
    });
    const ws = res0.webSocket!;
    ws.accept();
    let closedWith: number | null = null;
    ws.addEventListener('close', (e) => {
      closedWith = e.code;
    });
    const ledgerBefore = await ledgerRows(user.id);

    const res = await closeAccount(user.cookie, PASSWORD);
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/cc_session=;/);

    const row = await userRow(user.id);
    expect(row?.email).toBe(`deleted-${user.id}@deleted.invalid`);
    expect(row?.password_hash).not.toMatch(/^pbkdf2/);
    expect(await sessionCount(user.id)).toBe(0);
    for (const cookie of [user.cookie, other]) expect((await api('/api/auth/me', { cookie })).status).toBe(401);
    const deadline = Date.now() + 1000;
    while (closedWith === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(closedWith).toBe(CLOSE_SESSION_ENDED);
    // The books stay: same rows, same balance.
    expect(await ledgerRows(user.id)).toEqual(ledgerBefore);
    expect(await expectLedgerConsistent(user.id)).toBe(300);

    // Signing in fails (old email and tombstone alike); signing up with the old email is a new account.
    for (const email of [user.email, row?.email]) {
      const login2 = await api('/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
      expect(login2.status).toBe(401);
    }
    const again = await signUp(user.email);
    expect(again.id).not.toBe(user.id);
    const me = await api('/api/auth/me', { cookie: again.cookie });
    expect(await me.json()).toMatchObject({ email: user.email, credits: 0 });
  });

  it('refuses a wrong password with 403 wrong_password and changes nothing', async () => {
    const user = await signUp();
    const res = await closeAccount(user.cookie, 'not my password');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'wrong_password', message: 'The current password is incorrect.' },
    });
    expect((await userRow(user.id))?.email).toBe(user.email);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it('refuses with 409 negative_balance while a refund has left the balance below zero', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    await deliver(completed(checkout));
    const spent = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 900, reason: 'video', idempotencyKey: 'v1' },
    });
    expect(spent.status).toBe(200);
    await deliver(chargeRefunded(checkout, 1000));
    expect(await expectLedgerConsistent(user.id)).toBe(-900);

    const res = await closeAccount(user.cookie, PASSWORD);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: 'negative_balance',
        message: 'Your balance is below zero. Buy credits to bring it back to zero, then close the account.',
      },
    });
    expect((await userRow(user.id))?.email).toBe(user.email);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it('refuses with 409 subscription_active while a subscription bills (also past_due), not once it is canceled', async () => {
    const s = await subscriber('pro');
    await deliverOk(subscriptionEvent('created', s));
    const refused = await closeAccount(s.user.cookie, PASSWORD);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: {
        code: 'subscription_active',
        message: 'You have an active subscription. Cancel it, and close the account once it has ended.',
      },
    });
    await deliverOk(subscriptionEvent('updated', s, { status: 'past_due', n: 2 }));
    expect((await closeAccount(s.user.cookie, PASSWORD)).status).toBe(409);
    expect((await userRow(s.user.id))?.email).toBe(s.user.email);

    await deliverOk(subscriptionEvent('deleted', s, { status: 'canceled', n: 3 }));
    expect((await closeAccount(s.user.cookie, PASSWORD)).status).toBe(204);
    expect((await userRow(s.user.id))?.email).toBe(`deleted-${s.user.id}@deleted.invalid`);
  });

  it('expires the open Checkout Sessions, packs and plans, at Stripe and in D1', async () => {
    const user = await signUp();
    const pack = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
    const plan = await api('/api/subscriptions/checkout', {
      method: 'POST',
      cookie: user.cookie,
      body: { planId: 'pro' },
    });
    expect([pack.status, plan.status]).toEqual([201, 201]);
    const ids = [
      ((await pack.json()) as { sessionId: string }).sessionId,
      ((await plan.json()) as { sessionId: string }).sessionId,
    ];
    expect((await closeAccount(user.cookie, PASSWORD)).status).toBe(204);
    for (const id of ids) {
      const res = await emulator(`/v1/checkout/sessions/${id}`);
      expect(((await res.json()) as { status: string }).status).toBe('expired');
      const row = await env.DB.prepare('SELECT status FROM checkout_sessions WHERE id = ?')
        .bind(id)
        .first<string>('status');
      expect(row).toBe('expired');
      // The hosted page can no longer take the payment.
      const paid = await emulator(`/_emulator/checkout/sessions/${id}/pay`, { method: 'POST', body: '{}' });
      expect(paid.status).not.toBe(200);
    }
  });

  it('answers 400 without a password and 401 without a session', async () => {
    const user = await signUp();
    const bad = await api('/api/account/delete', { method: 'POST', cookie: user.cookie, body: {} });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    const anon = await api('/api/account/delete', { method: 'POST', body: { password: PASSWORD } });
    expect(anon.status).toBe(401);
    expect((await userRow(user.id))?.email).toBe(user.email);
  });

  it('never logs the password', async () => {
    const user = await signUp();
    const logged: string[] = [];
    const original = { log: console.log, error: console.error, warn: console.warn };
    for (const level of ['log', 'error', 'warn'] as const)
      console[level] = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      await closeAccount(user.cookie, 'a wrong secret phrase');
      await api('/api/account/password', {
        method: 'POST',
        cookie: user.cookie,
        body: { currentPassword: 'another wrong phrase', newPassword: 'yet another phrase' },
      });
    } finally {
      Object.assign(console, original);
    }
    expect(logged.join('\n')).not.toMatch(/wrong secret phrase|another wrong phrase|yet another phrase/);
  });
});

describe('last seen', () => {
  it('is written at most once per LAST_SEEN_EVERY_MS per session', async () => {
    const user = await signUp();
    const { tokenHash, lastSeenAt } = (await env.DB.prepare(
      'SELECT token_hash AS tokenHash, last_seen_at AS lastSeenAt FROM sessions WHERE user_id = ?',
    )
      .bind(user.id)
      .first<{ tokenHash: string; lastSeenAt: number }>())!;
    const now = lastSeenAt + LAST_SEEN_EVERY_MS - 1;
    expect(touchSession(testDb(), { tokenHash, lastSeenAt }, now)).toBeNull();
    await touchSession(testDb(), { tokenHash, lastSeenAt }, lastSeenAt + LAST_SEEN_EVERY_MS);
    const after = await env.DB.prepare('SELECT last_seen_at AS t FROM sessions WHERE token_hash = ?')
      .bind(tokenHash)
      .first<{ t: number }>();
    expect(after?.t).toBe(lastSeenAt + LAST_SEEN_EVERY_MS);
  });
});
