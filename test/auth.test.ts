// Accounts: sign-up, login, logout, me, sessions, and the same-origin rule (docs/api.md "Accounts").
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, ORIGIN, sessionCookie, signUp, uniqueEmail } from './helpers';
import { callApp } from './reliability/support';

const PASSWORD = 'correct horse battery';

describe('signup', () => {
  it('creates the account, sets an HttpOnly Lax session cookie and answers the user', async () => {
    const email = uniqueEmail();
    const res = await api('/api/auth/signup', { method: 'POST', body: { email, password: PASSWORD } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: { id: string; email: string; credits: number } };
    expect(body.user).toMatchObject({ email, credits: 0 });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/cc_session=[0-9a-f]{64}/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    // http://127.0.0.1 is local development: Secure would make the browser drop the cookie.
    expect(cookie).not.toMatch(/Secure/);

    const stored = await env.DB.prepare('SELECT email, password_hash FROM users WHERE id = ?')
      .bind(body.user.id)
      .first<{ email: string; password_hash: string }>();
    expect(stored?.email).toBe(email);
    expect(stored?.password_hash).toMatch(/^pbkdf2-sha256\$100000\$/);
    expect(stored?.password_hash).not.toContain(PASSWORD);
  });

  it('stores only the SHA-256 of the session token', async () => {
    const res = await api('/api/auth/signup', {
      method: 'POST',
      body: { email: uniqueEmail(), password: PASSWORD },
    });
    const token = sessionCookie(res).split('=')[1]!;
    const { results } = await env.DB.prepare('SELECT token_hash FROM sessions').all<{ token_hash: string }>();
    expect(results.map((r) => r.token_hash)).not.toContain(token);
  });

  it('sets a Secure cookie when APP_ORIGIN is https, whatever the request URL says', async () => {
    const signupAt = (url: string, appEnv: Env) =>
      callApp(
        new Request(`${url}/api/auth/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: appEnv.APP_ORIGIN },
          body: JSON.stringify({ email: uniqueEmail(), password: PASSWORD }),
        }),
        appEnv,
      );
    const https = { ...env, APP_ORIGIN: 'https://creditcast.example' };
    // Served over https: Secure, even if the request reached the Worker as http://.
    const secure = await signupAt('http://creditcast.example', https);
    expect(secure.status).toBe(201);
    expect(secure.headers.get('set-cookie')).toMatch(/; Secure/);
    // Local http development: an https request URL (a Host header away) does not flip it on.
    const local = await signupAt('https://creditcast.example', env);
    expect(local.status).toBe(201);
    expect(local.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('refuses an email taken in another case with 409 and creates nothing', async () => {
    const email = uniqueEmail('case');
    await signUp(email);
    const res = await api('/api/auth/signup', {
      method: 'POST',
      body: { email: email.toUpperCase(), password: PASSWORD },
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'email_taken', message: 'An account with this email already exists.' },
    });
    const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM users WHERE email = ?')
      .bind(email)
      .first<{ n: number }>();
    expect(count?.n).toBe(1);
  });

  it.each([
    [{ email: 'not-an-email', password: PASSWORD }, 'email: must be a valid email address'],
    [{ email: uniqueEmail(), password: 'short' }, 'password: must be at least 8 characters'],
    [{ email: uniqueEmail() }, 'password: must be a string'],
    [{ email: uniqueEmail(), password: 12345678 }, 'password: must be a string'],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM users').first<{ n: number }>();
    const res = await api('/api/auth/signup', { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message } });
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM users').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const res = await api('/api/auth/signup', { method: 'POST', body: '{"email": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
    });
  });

  it('answers 413 for a body over 64 KiB', async () => {
    const res = await api('/api/auth/signup', {
      method: 'POST',
      body: { email: uniqueEmail(), password: 'x'.repeat(70 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });
});

describe('login', () => {
  it('logs in with the right password, in any email case', async () => {
    const account = await signUp();
    const res = await api('/api/auth/login', {
      method: 'POST',
      body: { email: account.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: { id: account.id, email: account.email, credits: 0 } });
    const me = await api('/api/auth/me', { cookie: sessionCookie(res) });
    expect(me.status).toBe(200);
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const account = await signUp();
    const wrong = await api('/api/auth/login', {
      method: 'POST',
      body: { email: account.email, password: 'not the password' },
    });
    const unknown = await api('/api/auth/login', {
      method: 'POST',
      body: { email: uniqueEmail('nobody'), password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const expected = { error: { code: 'invalid_credentials', message: 'Email or password is incorrect.' } };
    expect(await wrong.json()).toEqual(expected);
    expect(await unknown.json()).toEqual(expected);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });
});

describe('me and sessions', () => {
  it('answers id, email, role, credits, held and expiring for a signed-in user', async () => {
    const account = await signUp();
    const res = await api('/api/auth/me', { cookie: account.cookie });
    expect(await res.json()).toEqual({
      id: account.id,
      email: account.email,
      role: 'user',
      credits: 0,
      held: 0,
      expiring: null,
    });
  });

  it('answers 401 without a cookie or with an unknown token', async () => {
    for (const cookie of [undefined, `cc_session=${'0'.repeat(64)}`]) {
      const res = await api('/api/auth/me', { cookie });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in to continue.' } });
    }
  });

  it('answers 401 for an expired session', async () => {
    const account = await signUp();
    await env.DB.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
      .bind(Date.now() - 1, account.id)
      .run();
    const res = await api('/api/auth/me', { cookie: account.cookie });
    expect(res.status).toBe(401);
  });

  it('logout revokes the session server-side: the old cookie no longer works', async () => {
    const account = await signUp();
    const res = await api('/api/auth/logout', { method: 'POST', cookie: account.cookie });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/cc_session=;/);
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?')
      .bind(account.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
    const me = await api('/api/auth/me', { cookie: account.cookie });
    expect(me.status).toBe(401);
  });
});

describe('same-origin rule', () => {
  it('refuses a cross-origin POST with 403 and changes nothing', async () => {
    const account = await signUp();
    const res = await api('/api/auth/logout', {
      method: 'POST',
      cookie: account.cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'cross_origin', message: 'Cross-origin requests are not allowed.' },
    });
    expect((await api('/api/auth/me', { cookie: account.cookie })).status).toBe(200);
  });

  it('refuses a cross-site form post even without an Origin header', async () => {
    const res = await api('/api/auth/signup', {
      method: 'POST',
      body: 'email=a@example.com&password=12345678',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: '', 'sec-fetch-site': 'cross-site' },
    });
    expect(res.status).toBe(403);
  });
});

describe('the API surface', () => {
  it('answers health', async () => {
    const res = await api('/api/health');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers unknown /api routes with a JSON 404', async () => {
    const res = await api('/api/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nope.' } });
  });
});

describe('GET /', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', '/zh'],
    ['en-US,en;q=0.9', '/en'],
    ['fr-FR,zh-TW;q=0.7,en;q=0.5', '/zh'],
    ['de, en;q=0.9, zh;q=0.8', '/en'],
    ['zh;q=0, en', '/en'],
    ['', '/en'],
  ])('redirects Accept-Language %j to %s', async (acceptLanguage, location) => {
    const { SELF } = await import('cloudflare:test');
    const res = await SELF.fetch(`${ORIGIN}/`, { headers: { 'accept-language': acceptLanguage }, redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(location);
    expect(res.headers.get('vary')).toMatch(/accept-language/i);
  });
});
