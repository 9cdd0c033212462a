// GET /{locale}/enter?token=…&next=…: a browser token is spent once for a session cookie on this
// site and a 303 to a path on this site only; used, expired, revoked-key and closed-user tokens
// land on the sign-in page with a notice and no session.
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../worker/accounts/sessions';
import { safeNext } from '../../worker/routes/enter';
import { api, ORIGIN, signUp } from '../helpers';
import { appUser, makeApp, mintToken, revoke } from './support';

const enter = (query: string, locale = 'en') =>
  SELF.fetch(`${ORIGIN}/${locale}/enter?${query}`, { redirect: 'manual' });
const sessionCount = async (userId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').bind(userId).first<number>('n')) ?? 0;

describe('GET /{locale}/enter', () => {
  it('exchanges the token once for a session cookie and 303s to next', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const token = await mintToken(app, user.id);
    const res = await enter(`token=${token}&next=${encodeURIComponent('/zh/history?kind=purchase#top')}`, 'zh');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/zh/history?kind=purchase#top');
    const cookie = /cc_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    expect(cookie).toBeDefined();
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const me = await api('/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: user.id, email: user.email });
    const row = await env.DB.prepare('SELECT entered_at FROM browser_tokens WHERE hash = ?')
      .bind(await hashToken(token))
      .first<number>('entered_at');
    expect(row).toBeGreaterThan(0);

    // Twice: the sign-in page, no second session.
    const again = await enter(`token=${token}&next=/zh/history`, 'zh');
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/zh/signin?notice=enter_link_expired');
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await sessionCount(user.id)).toBe(1);
  });

  it('lets exactly one of ten racing uses in', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const token = await mintToken(app, user.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => enter(`token=${token}`)));
    expect(answers.filter((r) => r.headers.get('set-cookie'))).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it('sends an expired, unknown, revoked-key or closed-user token to sign-in with no session', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const expired = await mintToken(app, user.id);
    await env.DB.prepare('UPDATE browser_tokens SET expires_at = ? WHERE hash = ?')
      .bind(Date.now() - 1, await hashToken(expired))
      .run();
    const revokedApp = await makeApp();
    const revokedUser = await appUser(revokedApp);
    const revokedToken = await mintToken(revokedApp, revokedUser.id);
    await revoke(revokedApp);
    const site = await signUp();
    const closedToken = await mintToken(app, site.id);
    await api('/api/account/delete', {
      method: 'POST',
      cookie: site.cookie,
      body: { password: 'correct horse battery' },
    });
    for (const token of [expired, revokedToken, closedToken, 'cct_unknown', '']) {
      const res = await enter(`token=${encodeURIComponent(token)}&next=/en/history`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/en/signin?notice=enter_link_expired');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await sessionCount(user.id)).toBe(0);
    expect(await sessionCount(revokedUser.id)).toBe(0);
    expect(await sessionCount(site.id)).toBe(0);
  });

  it('sends every off-site or malformed next to /{locale}/', async () => {
    const app = await makeApp();
    const user = await appUser(app);
    const bad = [
      '//evil.example',
      '///evil.example',
      'https://evil.example/en/',
      'https:evil.example',
      '\\\\evil.example',
      '/\\evil.example',
      '/en/\\..\\..\\evil',
      '/en/%2F%2Fevil.example',
      '/en/%2f..%2f..%2fevil',
      '%2F%2Fevil.example',
      '/en/%5C%5Cevil',
      '/en/../../evil.example',
      '/en/..',
      '/zh/history',
      '/en',
      'javascript:alert(1)',
      '/en/x\ny',
      ' /en/history',
      '',
    ];
    for (const next of bad) {
      const token = await mintToken(app, user.id);
      const res = await enter(`token=${token}&next=${encodeURIComponent(next)}`);
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe('/en/');
    }
    // No next at all: home.
    const res = await enter(`token=${await mintToken(app, user.id)}`);
    expect(res.headers.get('location')).toBe('/en/');
  });

  it('keeps plain paths under the locale', () => {
    expect(safeNext('/en/account', 'en')).toBe('/en/account');
    expect(safeNext('/en/payment/success?session_id=cs_1', 'en')).toBe('/en/payment/success?session_id=cs_1');
    expect(safeNext('/en//evil.example', 'en')).toBe('/en//evil.example');
    expect(safeNext('/en/a/../history', 'en')).toBe('/en/history');
  });
});
