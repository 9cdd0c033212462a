// Browser tokens: minted hashed; they open the live socket and read /api/embed/balance only from
// the minting key's origins, only for their user, only until they expire, never after the key is
// revoked or the user closed (401/403, never a session); CORS per origin, never with credentials.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../worker/accounts/sessions';
import { api, grantCredits, ORIGIN, signUp } from '../helpers';
import { connect } from '../live-socket';
import { service } from '../service/support';
import {
  APP_ORIGIN,
  appUser,
  closed,
  embedBalance,
  errorCode,
  liveWithToken,
  makeApp,
  mintToken,
  OTHER_APP_ORIGIN,
  revoke,
} from './support';

/** A grant through the service API, which pushes it live (the test helper's ledger call does not). */
async function pushedGrant(secret: string, userId: string, amount: number) {
  const res = await service(`/users/${userId}/grants`, {
    method: 'POST',
    key: secret,
    body: { amount, reason: 'welcome', idempotencyKey: crypto.randomUUID() },
  });
  expect(res.status).toBe(201);
}

/** Waits for the socket's `n`th frame (counting from when this was called) and returns it parsed. */
function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    ws.addEventListener('message', (e) => resolve(JSON.parse(String(e.data))), { once: true }),
  );
}

/** Moves a token's expiry into the past (the clock cannot be moved inside workerd). */
async function expire(token: string) {
  await env.DB.prepare('UPDATE browser_tokens SET expires_at = ? WHERE hash = ?')
    .bind(Date.now() - 1, await hashToken(token))
    .run();
}

describe('POST /api/v1/users/{userId}/browser-tokens', () => {
  it('answers cct_… with its expiry and stores only its hash, key and user', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const before = Date.now();
    const res = await service(`/users/${user.id}/browser-tokens`, { method: 'POST', key: app.secret, body: {} });
    expect(res.status).toBe(201);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(token).toMatch(/^cct_[A-Za-z0-9_-]{43}$/);
    const ttl = Date.parse(expiresAt) - before;
    expect(ttl).toBeGreaterThanOrEqual(600_000 - 1000);
    expect(ttl).toBeLessThanOrEqual(600_000 + 1000);
    const rows = await env.DB.prepare('SELECT * FROM browser_tokens').all<Record<string, unknown>>();
    expect(rows.results).toEqual([
      expect.objectContaining({ hash: await hashToken(token), key_id: app.id, user_id: user.id, entered_at: null }),
    ]);
    expect(JSON.stringify(rows.results)).not.toContain(token);
  });

  it.each([[59], [3601], [1.5], ['600']])('refuses ttlSeconds %s with 400', async (ttlSeconds) => {
    const app = await makeApp();
    const user = await appUser(app);
    const res = await service(`/users/${user.id}/browser-tokens`, {
      method: 'POST',
      key: app.secret,
      body: { ttlSeconds },
    });
    expect(res.status).toBe(400);
  });

  it('is 404 for an unknown user and for a closed one', async () => {
    const app = await makeApp();
    const res = await service('/users/nobody/browser-tokens', { method: 'POST', key: app.secret, body: {} });
    expect(res.status).toBe(404);
    const user = await signUp();
    await api('/api/account/delete', {
      method: 'POST',
      cookie: user.cookie,
      body: { password: 'correct horse battery' },
    });
    const closedRes = await service(`/users/${user.id}/browser-tokens`, { method: 'POST', key: app.secret, body: {} });
    expect(closedRes.status).toBe(404);
    expect(await errorCode(closedRes)).toBe('user_not_found');
  });
});

describe('GET /api/embed/balance', () => {
  it("answers the token's user's balance with CORS for that origin, never with credentials", async () => {
    const app = await makeApp([APP_ORIGIN, OTHER_APP_ORIGIN]);
    const user = await appUser(app);
    await grantCredits(user.id, 250);
    for (const origin of [APP_ORIGIN, OTHER_APP_ORIGIN]) {
      const res = await embedBalance(await mintToken(app, user.id), origin);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ credits: 250, held: 0, expiring: null, version: 1 });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toContain('Origin');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('answers a preflight from an app origin, and refuses one from anywhere else without ACAO', async () => {
    await makeApp();
    const ok = await embedBalance(null, APP_ORIGIN, 'OPTIONS');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    expect(ok.headers.get('vary')).toContain('Origin');
    for (const origin of ['https://evil.example', 'null', null]) {
      const res = await embedBalance(null, origin, 'OPTIONS');
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it("is 403 without ACAO from an origin not on the key (another app's origin too), `null`, or none", async () => {
    const app = await makeApp();
    await makeApp([OTHER_APP_ORIGIN]);
    const user = await appUser(app);
    const token = await mintToken(app, user.id);
    for (const origin of ['https://evil.example', OTHER_APP_ORIGIN, ORIGIN, 'null', null]) {
      const res = await embedBalance(token, origin);
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('origin_not_allowed');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('is 401 for a missing, unknown, expired, revoked-key or closed-user token; readable by app origins only', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const expired = await mintToken(app, user.id);
    await expire(expired);
    const revokedApp = await makeApp();
    const revokedToken = await mintToken(revokedApp, (await appUser(revokedApp)).id);
    await revoke(revokedApp);
    const site = await signUp();
    const closedToken = await mintToken(app, site.id);
    await api('/api/account/delete', {
      method: 'POST',
      cookie: site.cookie,
      body: { password: 'correct horse battery' },
    });
    for (const token of [null, 'cct_unknown', `cck_${'a'.repeat(43)}`, expired, revokedToken, closedToken]) {
      const res = await embedBalance(token);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('invalid_token');
      expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      const foreign = await embedBalance(token, 'https://evil.example');
      expect(foreign.status).toBe(401);
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('never answers to a session cookie', async () => {
    const site = await signUp();
    const res = await api('/api/embed/balance', { cookie: site.cookie, headers: { origin: ORIGIN } });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/balance/live?token=', () => {
  it("opens the token's user's socket: the snapshot, then every change, and nobody else's", async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const other = await appUser(app);
    await grantCredits(user.id, 100);
    const res = await liveWithToken(await mintToken(app, user.id));
    expect(res.status).toBe(101);
    const ws = res.webSocket as WebSocket;
    ws.accept();
    const frames: { credits: number; version: number }[] = [];
    ws.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data))));
    const arrived = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (frames.length >= n ? resolve() : ws.addEventListener('message', check, { once: true }));
        check();
      });
    await arrived(1);
    expect(frames[0]).toMatchObject({ type: 'balance', credits: 100, version: 1 });
    await pushedGrant(app.secret, other.id, 5);
    await pushedGrant(app.secret, user.id, 7);
    await arrived(2);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatchObject({ type: 'balance', credits: 107, version: 2 });
    ws.close();
  });

  it('refuses a bad token 401 and a foreign, `null` or missing origin 403, before any upgrade', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const token = await mintToken(app, user.id);
    const expired = await mintToken(app, user.id);
    await expire(expired);
    for (const bad of ['', 'cct_nope', expired]) {
      const res = await liveWithToken(bad);
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('invalid_token');
    }
    for (const origin of ['https://evil.example', ORIGIN, 'null', null]) {
      const res = await liveWithToken(token, origin);
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('origin_not_allowed');
    }
  });

  it("works only on the user's own socket: not another user's watch URL, not with a cookie", async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const victim = await signUp();
    const token = await mintToken(app, user.id);
    // The console's watch socket names a user in its URL; a token opens nothing there.
    const watch = await api(`/api/admin/users/${victim.id}/live?token=${token}`, {
      headers: { upgrade: 'websocket', origin: APP_ORIGIN },
    });
    expect([401, 403]).toContain(watch.status);
    // A victim's cookie riding along with someone's token changes nothing: the token decides.
    const res = await liveWithToken(token, APP_ORIGIN, { cookie: victim.cookie });
    expect(res.status).toBe(101);
    const ws = res.webSocket as WebSocket;
    const frames: Record<string, unknown>[] = [];
    ws.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data))));
    ws.accept();
    // The victim's change is pushed to the victim's room only; the user's own change arrives.
    const pushed = new Promise<void>((resolve) =>
      ws.addEventListener('message', () => frames.length === 2 && resolve()),
    );
    await pushedGrant(app.secret, victim.id, 999);
    await pushedGrant(app.secret, user.id, 1);
    await pushed;
    expect(frames.map((f) => f.credits)).toEqual([0, 1]);
    ws.close();
  });

  it('closes open token sockets with 4001 when the key is revoked, and keeps cookie sockets open', async () => {
    const app = await makeApp();
    const keep = await makeApp();
    const user = await appUser(app);
    const site = await signUp();
    const a = (await liveWithToken(await mintToken(app, user.id))).webSocket as WebSocket;
    const b = (await liveWithToken(await mintToken(app, site.id))).webSocket as WebSocket;
    const other = (await liveWithToken(await mintToken(keep, user.id))).webSocket as WebSocket;
    const otherSnapshot = nextFrame(other);
    for (const ws of [a, b, other]) ws.accept();
    await otherSnapshot;
    const cookieSocket = await connect(site);
    const ends = [closed(a), closed(b)];
    await revoke(app);
    for (const end of await Promise.all(ends)) expect(end).toEqual({ code: 4001, reason: 'session ended' });
    // The other key's socket and the user's own cookie socket still receive changes.
    const pushed = nextFrame(other);
    await pushedGrant(keep.secret, user.id, 3);
    await pushedGrant(keep.secret, site.id, 4);
    expect(await pushed).toMatchObject({ credits: 3 });
    expect((await cookieSocket.waitFor(2)).at(-1)).toMatchObject({ credits: 4 });
    other.close();
    cookieSocket.ws.close();
  });

  it("closes a user's token sockets with 4001 when they close their account", async () => {
    const app = await makeApp();
    const site = await signUp();
    const ws = (await liveWithToken(await mintToken(app, site.id))).webSocket as WebSocket;
    ws.accept();
    const end = closed(ws);
    const res = await api('/api/account/delete', {
      method: 'POST',
      cookie: site.cookie,
      body: { password: 'correct horse battery' },
    });
    expect(res.status).toBe(204);
    expect(await end).toEqual({ code: 4001, reason: 'session ended' });
  });
});
