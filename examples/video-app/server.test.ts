// VideoApp's server against a stand-in Creditcast that records what it is asked (the real one is
// driven by e2e/embed.test.ts): sign-in upserts by external id, tokens only for the signed-in user
// with the ttl clamped, Buy returns to this app's own pages, and the status question is answered
// only about the asker's own sessions.
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from './config';
import { createApp } from './server';
import { listen, standInCreditcast } from './test-support';

let sessions = 0;
const { server: creditcast, seen } = standInCreditcast((req, answer) => {
  const path = req.path;
  let m: RegExpExecArray | null;
  if ((m = /^\/api\/v1\/users\/by-external-id\/([^/]+)$/.exec(path)) && req.method === 'PUT')
    return answer(201, { id: `cc-${m[1]}`, externalId: decodeURIComponent(m[1]!), email: 'x', credits: 0 });
  if (/^\/api\/v1\/users\/[^/]+\/browser-tokens$/.test(path))
    return answer(201, { token: 'cct_stand_in', expiresAt: '2030-01-01T00:00:00.000Z' });
  if (/^\/api\/v1\/users\/[^/]+\/checkout$/.test(path)) {
    sessions += 1;
    return answer(201, { sessionId: `cs_test_${sessions}`, url: `http://pay.example/c/pay/cs_test_${sessions}` });
  }
  if ((m = /^\/api\/v1\/checkout\/([^/]+)$/.exec(path)))
    return answer(200, { sessionId: m[1], status: 'credited', credits: 1000, balance: 1000, creditedAt: null });
  if (path === '/api/packs')
    return answer(200, { packs: [{ id: 'starter', name: 'Starter', credits: 1000, amount: 1000, currency: 'usd' }] });
});
let app: Server;
let appUrl = '';

beforeAll(async () => {
  const ccPort = await listen(creditcast);
  const config: Config = {
    port: 0,
    origin: '',
    creditcastUrl: `http://127.0.0.1:${ccPort}`,
    apiKey: 'cck_test',
    tokenTtlSeconds: 600,
    usersFile: join(mkdtempSync(join(tmpdir(), 'video-app-')), 'users.json'),
    webhookSecret: null,
  };
  app = createApp(config);
  appUrl = config.origin = `http://127.0.0.1:${await listen(app)}`;
});

afterAll(() => {
  app.close();
  creditcast.close();
});

const post = (path: string, form: Record<string, string>, cookie = '', origin = appUrl) =>
  fetch(`${appUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, cookie },
    body: new URLSearchParams(form),
  });

async function signIn(name: string): Promise<string> {
  const res = await post('/signin', { name });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('VideoApp', () => {
  it('signs in by name, upserting the user in Creditcast by its own id with the key', async () => {
    seen.length = 0;
    const cookie = await signIn('Ada Lovelace');
    const upsert = seen.find((s) => s.method === 'PUT')!;
    expect(upsert.path).toMatch(/^\/api\/v1\/users\/by-external-id\/va_[0-9a-f-]{36}$/);
    expect(upsert.auth).toBe('Bearer cck_test');
    expect(upsert.body).toEqual({
      email: expect.stringMatching(/^ada-lovelace\.[0-9a-f]{8}@video-app\.example$/),
      locale: 'en',
    });
    const home = await (await fetch(appUrl, { headers: { cookie } })).text();
    expect(home).toContain('Signed in as Ada Lovelace');
    expect(home).toContain('<creditcast-balance role="status" aria-label="Credit balance" base-url="http://127.0.0.1:');
    expect(home).toContain('/embed/creditcast.js"></script>');
    expect(home).toContain('<button>Buy Starter</button>');
    expect(home).not.toContain('cck_test'); // the key never reaches a page

    // The same name again is the same user: the same external id.
    seen.length = 0;
    await signIn('ada lovelace');
    expect(seen.find((s) => s.method === 'PUT')!.path).toBe(upsert.path);
  });

  it('refuses a bad name and changes nothing', async () => {
    seen.length = 0;
    const res = await post('/signin', { name: '<script>' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Use 1–40 letters');
    expect(seen).toEqual([]);
  });

  it('mints a browser token only for the signed-in user, with the ttl clamped to 60–3600 s', async () => {
    expect((await fetch(`${appUrl}/creditcast-token`)).status).toBe(401);
    const cookie = await signIn('Grace');
    seen.length = 0;
    const res = await fetch(`${appUrl}/creditcast-token?ttl=5`, { headers: { cookie } });
    expect(await res.json()).toEqual({ token: 'cct_stand_in', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(seen).toMatchObject([{ method: 'POST', body: { ttlSeconds: 60 } }]);
    expect(seen[0]!.path).toMatch(/^\/api\/v1\/users\/cc-va_[^/]+\/browser-tokens$/);
  });

  it('Buy starts a Checkout returning to its own pages; only its buyer may ask about it', async () => {
    const cookie = await signIn('Linus');
    seen.length = 0;
    const buy = await post('/buy', { packId: 'starter' }, cookie);
    expect(buy.status).toBe(303);
    const location = buy.headers.get('location')!;
    expect(location).toMatch(/^http:\/\/pay\.example\/c\/pay\/cs_test_\d+$/);
    expect(seen[0]!.body).toEqual({
      packId: 'starter',
      successUrl: `${appUrl}/payment/success?session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${appUrl}/payment/cancel`,
      locale: 'en',
    });
    const sessionId = location.split('/').pop()!;
    const mine = await fetch(`${appUrl}/checkout-status?session_id=${sessionId}`, { headers: { cookie } });
    expect(await mine.json()).toMatchObject({ sessionId, status: 'credited', credits: 1000 });

    seen.length = 0;
    const other = await signIn('Margaret');
    const theirs = await fetch(`${appUrl}/checkout-status?session_id=${sessionId}`, { headers: { cookie: other } });
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toEqual({
      error: { code: 'checkout_not_found', message: 'No such payment of yours.' },
    });
    expect(seen.some((s) => s.path.startsWith('/api/v1/checkout/'))).toBe(false);
  });

  it('refuses a form posted from another origin', async () => {
    const cookie = await signIn('Barbara');
    seen.length = 0;
    const res = await post('/buy', { packId: 'starter' }, cookie, 'http://evil.example');
    expect(res.status).toBe(403);
    expect(seen).toEqual([]);
  });
});
