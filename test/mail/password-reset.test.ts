// Password reset (API.md "Accounts by email"): the request answers 202 for any address and mails a
// one-time 30-minute link in the user's language; confirming sets the new password (the old one stops
// working), ends every session and closes their live sockets (4001); a used, expired or unknown token
// is 400 invalid_reset_token and changes nothing; requests are rate-limited like logins.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { rateLimitKeys } from '../../worker/abuse/rate-limits';
import { confirmPasswordReset, RESET_TTL_MS, requestPasswordReset } from '../../worker/accounts/password-resets';
import { CLOSE_SESSION_ENDED } from '../../worker/live/protocol';
import { api, ORIGIN, signUp, testDb, uniqueEmail } from '../helpers';
import { callApp } from '../reliability/support';
import { mailTo, resetLinkIn } from './support';

const OLD = 'correct horse battery';
const NEW = 'a brand new passphrase';

const login = (email: string, password: string) =>
  api('/api/auth/login', { method: 'POST', body: { email, password } });
const requestReset = (email: string, locale?: string) =>
  api('/api/auth/password-reset', { method: 'POST', body: { email, ...(locale ? { locale } : {}) } });
const confirm = (token: string, password = NEW) =>
  api('/api/auth/password-reset/confirm', { method: 'POST', body: { token, password } });

async function resetsOf(userId: string) {
  const { results } = await env.DB.prepare(
    'SELECT token_hash, expires_at, used_at, created_at FROM password_resets WHERE user_id = ? ORDER BY created_at',
  )
    .bind(userId)
    .all<{ token_hash: string; expires_at: number; used_at: number | null; created_at: number }>();
  return results;
}

async function sessionCount(userId: string) {
  const row = await env.DB.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?')
    .bind(userId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function openSocket(cookie: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/balance/live`, {
    headers: { upgrade: 'websocket', cookie, origin: ORIGIN },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })),
  );
  return { closed };
}

describe('POST /api/auth/password-reset', () => {
  it('mails a one-time link to /{locale}/reset-password, valid 30 minutes, storing only its hash', async () => {
    const user = await signUp();
    const before = Date.now();
    expect((await requestReset(user.email)).status).toBe(202);
    const [mail] = await mailTo(user.email, 1);
    expect(mail?.subject).toBe('Reset your Creditcast password');
    const { url, token } = resetLinkIn(mail!);
    expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/en/reset-password`);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(mail?.html).toContain(`reset-password?token=${token}`);
    const [row] = await resetsOf(user.id);
    expect(row?.token_hash).not.toBe(token);
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.expires_at - row!.created_at).toBe(RESET_TTL_MS);
    expect(row!.expires_at).toBeGreaterThanOrEqual(before + RESET_TTL_MS);
    expect(row?.used_at).toBeNull();
  });

  it('answers an unknown address the same 202, empty body, and writes and sends nothing', async () => {
    const unknown = uniqueEmail('nobody');
    const known = await signUp();
    const countResets = async () =>
      (await env.DB.prepare('SELECT COUNT(*) AS n FROM password_resets').first<{ n: number }>())?.n ?? 0;
    const before = await countResets();
    const answers = [];
    for (const email of [unknown, known.email]) {
      // Through app.fetch, so the background work (waitUntil) is finished when it returns.
      const res = await callApp(
        new Request(`${ORIGIN}/api/auth/password-reset`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        }),
      );
      answers.push({ status: res.status, body: await res.text(), type: res.headers.get('content-type') });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({ status: 202, body: '', type: null });
    expect(await mailTo(unknown)).toEqual([]);
    expect(await mailTo(known.email)).toHaveLength(1);
    // The known address's link is the only row the two requests wrote.
    expect(await countResets()).toBe(before + 1);
    expect(await resetsOf(known.id)).toHaveLength(1);
  });

  it("writes in the user's language: zh for a user who signed up in Chinese, whatever the request page", async () => {
    const email = uniqueEmail('zh');
    const res = await api('/api/auth/signup', { method: 'POST', body: { email, password: OLD, locale: 'zh' } });
    expect(res.status).toBe(201);
    expect((await requestReset(email, 'en')).status).toBe(202);
    const [mail] = await mailTo(email, 1);
    expect(mail?.subject).toBe('重置您的 Creditcast 密码');
    expect(resetLinkIn(mail!).url.pathname).toBe('/zh/reset-password');
  });

  it('follows the language the user last signed in with (zh after an en sign-up)', async () => {
    const user = await signUp();
    // Through app.fetch: the language is remembered off the response path (waitUntil).
    const res = await callApp(
      new Request(`${ORIGIN}/api/auth/login`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: OLD, locale: 'zh' }),
      }),
    );
    expect(res.status).toBe(200);
    await requestReset(user.email);
    const [mail] = await mailTo(user.email, 1);
    expect(mail?.subject).toBe('重置您的 Creditcast 密码');
  });

  it('refuses a malformed email with 400 naming the field, and the 11th request in a minute with 429', async () => {
    const bad = await requestReset('not-an-email');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error.code).toBe('invalid_request');
    const email = uniqueEmail('flood');
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await requestReset(email)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses[10]).toBe(429);
    expect(await rateLimitKeys.resetAccount(email)).not.toBe(await rateLimitKeys.loginAccount(email));
  });
});

describe('POST /api/auth/password-reset/confirm', () => {
  it('sets the new password, ends every session and closes their sockets with 4001', async () => {
    const user = await signUp();
    const other = await login(user.email, OLD);
    const otherCookie = /cc_session=[^;]*/.exec(other.headers.get('set-cookie') ?? '')![0];
    const sockets = [await openSocket(user.cookie), await openSocket(otherCookie)];
    expect(await sessionCount(user.id)).toBe(2);
    await requestReset(user.email);
    const { token } = resetLinkIn((await mailTo(user.email, 1))[0]!);

    const res = await confirm(token);
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/cc_session=;/);
    for (const socket of sockets)
      expect(await socket.closed).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
    expect(await sessionCount(user.id)).toBe(0);
    expect((await api('/api/auth/me', { cookie: user.cookie })).status).toBe(401);
    expect((await login(user.email, OLD)).status).toBe(401);
    expect((await login(user.email, NEW)).status).toBe(200);
  });

  it('works once: the same link again is 400 invalid_reset_token and changes nothing', async () => {
    const user = await signUp();
    await requestReset(user.email);
    const { token } = resetLinkIn((await mailTo(user.email, 1))[0]!);
    expect((await confirm(token)).status).toBe(204);
    const again = await confirm(token, 'yet another passphrase');
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error: {
        code: 'invalid_reset_token',
        message: 'This reset link is unknown, already used or expired. Ask for a new one.',
      },
    });
    expect((await login(user.email, NEW)).status).toBe(200);
  });

  it('ends every other open link of the user when one is used', async () => {
    const user = await signUp();
    const db = testDb();
    const first = await requestPasswordReset(db, user.email);
    const second = await requestPasswordReset(db, user.email);
    if (first.outcome !== 'issued' || second.outcome !== 'issued') throw new Error('no link issued');
    expect(await confirmPasswordReset(db, { token: second.token, password: NEW })).toMatchObject({ outcome: 'reset' });
    expect(await confirmPasswordReset(db, { token: first.token, password: OLD })).toEqual({ outcome: 'invalid' });
    expect((await login(user.email, NEW)).status).toBe(200);
  });

  it('refuses a link after 30 minutes (time injected) and keeps the old password and sessions', async () => {
    const user = await signUp();
    const db = testDb();
    const issuedAt = Date.now();
    const issued = await requestPasswordReset(db, user.email, issuedAt);
    if (issued.outcome !== 'issued') throw new Error('no link issued');
    const late = await confirmPasswordReset(db, { token: issued.token, password: NEW }, issuedAt + RESET_TTL_MS);
    expect(late).toEqual({ outcome: 'invalid' });
    expect(await sessionCount(user.id)).toBe(1);
    expect((await login(user.email, OLD)).status).toBe(200);
    // A minute before the end it still works.
    const inTime = await confirmPasswordReset(
      db,
      { token: issued.token, password: NEW },
      issuedAt + RESET_TTL_MS - 60_000,
    );
    expect(inTime).toMatchObject({ outcome: 'reset', userId: user.id });
  });

  it("resets only the link's own user: another user's password and sessions stay", async () => {
    const [owner, bystander] = [await signUp(), await signUp()];
    await requestReset(owner.email);
    const { token } = resetLinkIn((await mailTo(owner.email, 1))[0]!);
    expect((await confirm(token)).status).toBe(204);
    expect((await login(bystander.email, OLD)).status).toBe(200);
    expect((await login(bystander.email, NEW)).status).toBe(401);
    expect((await api('/api/auth/me', { cookie: bystander.cookie })).status).toBe(200);
  });

  it('refuses an unknown token (400 invalid_reset_token) and a weak password (400 invalid_request) alike without a change', async () => {
    const user = await signUp();
    const unknown = await confirm('f'.repeat(64));
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('invalid_reset_token');
    await requestReset(user.email);
    const { token } = resetLinkIn((await mailTo(user.email, 1))[0]!);
    const weak = await confirm(token, 'short');
    expect(weak.status).toBe(400);
    const body = (await weak.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toContain('password');
    // The weak attempt did not use up the link.
    expect((await confirm(token)).status).toBe(204);
  });
});
