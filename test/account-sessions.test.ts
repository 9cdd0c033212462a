// /api/account sessions and password: the list (this device, user agent, last seen), signing out one
// session or every other (rows deleted, their live sockets closed), and changing the password
// (current one required, every other session ended, rate-limited like login).
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { rateLimitKeys } from '../worker/abuse/rate-limits';
import { CLOSE_SESSION_ENDED } from '../worker/live/balance-room';
import { type Account, api, ORIGIN, sessionCookie, signUp } from './helpers';

const PASSWORD = 'correct horse battery';

interface Socket {
  frames: string[];
  closed: () => { code: number; reason: string } | null;
}

async function connect(cookie: string): Promise<Socket> {
  const res = await SELF.fetch(`${ORIGIN}/api/balance/live`, {
    headers: { upgrade: 'websocket', cookie, origin: ORIGIN },
  });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const frames: string[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.addEventListener('message', (e) => frames.push(String(e.data)));
  ws.addEventListener('close', (e) => {
    closed = { code: e.code, reason: e.reason };
  });
  return { frames, closed: () => closed };
}

async function until(check: () => boolean, what: string, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Another sign-in of the same user, as from another browser. */
async function signInAgain(user: Account, userAgent: string, password = PASSWORD): Promise<string> {
  const res = await api('/api/auth/login', {
    method: 'POST',
    body: { email: user.email, password },
    headers: { 'user-agent': userAgent },
  });
  expect(res.status).toBe(200);
  return sessionCookie(res);
}

async function sessionRows(userId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?')
    .bind(userId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  userAgent: string | null;
  current: boolean;
}

async function listSessions(cookie: string): Promise<SessionView[]> {
  const res = await api('/api/account/sessions', { cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessions: SessionView[] }).sessions;
}

describe('GET /api/account/sessions', () => {
  it("lists the user's sessions with this device marked, the user agent and when each was created and seen", async () => {
    const user = await signUp();
    const phone = await signInAgain(user, 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1');
    const other = await signUp();

    const sessions = await listSessions(phone);
    expect(sessions).toHaveLength(2);
    const current = sessions.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]?.userAgent).toContain('iPhone');
    for (const s of sessions) {
      expect(s.id).toMatch(/^[0-9a-f]{16}$/);
      expect(Date.parse(s.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(Date.parse(s.lastSeenAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    }
    // Never another user's sessions, and never a token or its full hash.
    expect(await listSessions(other.cookie)).toHaveLength(1);
    expect(JSON.stringify(sessions)).not.toContain(phone.split('=')[1]);
  });

  it('answers 401 without a session', async () => {
    const res = await api('/api/account/sessions');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in to continue.' } });
  });
});

describe('signing out sessions', () => {
  it('DELETE /sessions/:id ends that session: its row, its cookie and its live sockets; this one stays', async () => {
    const user = await signUp();
    const laptop = await signInAgain(user, 'laptop');
    const [ended, kept] = [await connect(laptop), await connect(user.cookie)];
    await until(() => ended.frames.length === 1 && kept.frames.length === 1, 'the snapshots');
    const target = (await listSessions(user.cookie)).find((s) => !s.current);

    const res = await api(`/api/account/sessions/${target?.id}`, { method: 'DELETE', cookie: user.cookie });
    expect(res.status).toBe(204);
    await until(() => ended.closed() !== null, 'the ended socket to close', 500);
    expect(ended.closed()).toEqual({ code: CLOSE_SESSION_ENDED, reason: 'session ended' });
    expect(kept.closed()).toBeNull();
    expect((await api('/api/auth/me', { cookie: laptop })).status).toBe(401);
    expect((await api('/api/auth/me', { cookie: user.cookie })).status).toBe(200);
    expect(await sessionRows(user.id)).toBe(1);
  });

  it("answers 404 for a session that is gone or another user's, and ends nothing", async () => {
    const user = await signUp();
    const other = await signUp();
    const [theirs] = await listSessions(other.cookie);
    const res = await api(`/api/account/sessions/${theirs?.id}`, { method: 'DELETE', cookie: user.cookie });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'session_not_found', message: 'That session has already ended.' },
    });
    expect(await sessionRows(other.id)).toBe(1);
    const bad = await api('/api/account/sessions/not-hex', { method: 'DELETE', cookie: user.cookie });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('ending the current session by id signs this browser out (cookie cleared)', async () => {
    const user = await signUp();
    const [mine] = await listSessions(user.cookie);
    const res = await api(`/api/account/sessions/${mine?.id}`, { method: 'DELETE', cookie: user.cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/cc_session=;/);
    expect((await api('/api/auth/me', { cookie: user.cookie })).status).toBe(401);
  });

  it('POST /sessions/sign-out-others ends every other session and its sockets, keeps this one', async () => {
    const user = await signUp();
    const others = [await signInAgain(user, 'a'), await signInAgain(user, 'b')];
    const sockets = await Promise.all(others.map(connect));
    const mine = await connect(user.cookie);
    await until(() => [...sockets, mine].every((s) => s.frames.length === 1), 'the snapshots');

    const res = await api('/api/account/sessions/sign-out-others', { method: 'POST', cookie: user.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedOut: 2 });
    await until(() => sockets.every((s) => s.closed() !== null), 'the other sockets to close', 500);
    expect(mine.closed()).toBeNull();
    for (const cookie of others) expect((await api('/api/auth/me', { cookie })).status).toBe(401);
    expect(await sessionRows(user.id)).toBe(1);
    expect((await listSessions(user.cookie)).map((s) => s.current)).toEqual([true]);
  });

  it('refuses a request from another origin (CSRF) and ends nothing', async () => {
    const user = await signUp();
    await signInAgain(user, 'a');
    const res = await api('/api/account/sessions/sign-out-others', {
      method: 'POST',
      cookie: user.cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await sessionRows(user.id)).toBe(2);
  });
});

describe('POST /api/account/password', () => {
  const change = (cookie: string, currentPassword: string, newPassword: string, ip?: string) =>
    api('/api/account/password', {
      method: 'POST',
      cookie,
      body: { currentPassword, newPassword },
      headers: ip ? { 'cf-connecting-ip': ip } : {},
    });

  it('sets the new password and signs out every other session (rows and sockets); this one stays', async () => {
    const user = await signUp();
    const other = await signInAgain(user, 'other browser');
    const otherSocket = await connect(other);
    await until(() => otherSocket.frames.length === 1, 'the snapshot');

    const res = await change(user.cookie, PASSWORD, 'a brand new secret');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedOut: 1 });
    await until(() => otherSocket.closed() !== null, 'the other socket to close', 500);
    expect(otherSocket.closed()?.code).toBe(CLOSE_SESSION_ENDED);
    expect((await api('/api/auth/me', { cookie: other })).status).toBe(401);
    expect((await api('/api/auth/me', { cookie: user.cookie })).status).toBe(200);
    expect(await sessionRows(user.id)).toBe(1);

    const oldLogin = await api('/api/auth/login', { method: 'POST', body: { email: user.email, password: PASSWORD } });
    expect(oldLogin.status).toBe(401);
    await signInAgain(user, 'x', 'a brand new secret');
  });

  it('refuses a wrong current password with 403 wrong_password and changes nothing', async () => {
    const user = await signUp();
    const other = await signInAgain(user, 'other');
    const res = await change(user.cookie, 'not my password', 'a brand new secret');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'wrong_password', message: 'The current password is incorrect.' },
    });
    expect((await api('/api/auth/me', { cookie: other })).status).toBe(200);
    await signInAgain(user, 'x', PASSWORD);
  });

  it('refuses a new password under 8 characters with 400 naming the field, and changes nothing', async () => {
    const user = await signUp();
    const res = await change(user.cookie, PASSWORD, 'short');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_request', message: 'newPassword: must be at least 8 characters' },
    });
    await signInAgain(user, 'x', PASSWORD);
  });

  it("counts against login's per-account limit: a full bucket answers 429 before checking anything", async () => {
    const user = await signUp();
    const key = await rateLimitKeys.loginAccount(user.email);
    // The binding has no reset: fill this fresh account's bucket (wrangler.toml: 10 a minute).
    while ((await env.LOGIN_ACCOUNT_LIMITER.limit({ key })).success) {}
    const res = await change(user.cookie, PASSWORD, 'a brand new secret');
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect((await api('/api/auth/me', { cookie: user.cookie })).status).toBe(200);
  });
});
