// An app is an API key naming its pages' origins: checked at creation and on edit (400
// invalid_origin, nothing written), listed by the console, and required to mint browser tokens.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { auditRows, operator } from '../admin/support';
import { api, signUp } from '../helpers';
import { service } from '../service/support';
import { APP_ORIGIN, appUser, errorCode, makeApp } from './support';

const keyCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM api_keys').first<number>('n')) ?? 0;

describe('origins at creation (POST /api/admin/keys)', () => {
  it.each([
    ['a path', 'https://app.example/pages'],
    ['a trailing slash', 'https://app.example/'],
    ['a wildcard', 'https://*.app.example'],
    ['a bare star', '*'],
    ['no scheme', 'app.example'],
    ['a query', 'https://app.example?x=1'],
    ['user info', 'https://me@app.example'],
    ['an upper-case host', 'https://App.example'],
    ['a default port', 'https://app.example:443'],
    ['another scheme', 'ftp://app.example'],
    ['plain http off localhost', 'http://app.example'],
    ['null', 'null'],
    ['nothing', ''],
  ])('refuses %s with 400 invalid_origin and makes no key', async (_, origin) => {
    const op = await operator();
    const before = await keyCount();
    const res = await api('/api/admin/keys', {
      method: 'POST',
      cookie: op.cookie,
      body: { name: 'bad-origins', origins: [APP_ORIGIN, origin] },
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_origin');
    expect(await keyCount()).toBe(before);
  });

  it('keeps each origin as the browser spells it, deduplicated, listed with the key and audited', async () => {
    const op = await operator();
    const origins = ['https://app.example', 'http://localhost:3000', 'https://app.example', 'http://127.0.0.1:8600'];
    const res = await api('/api/admin/keys', { method: 'POST', cookie: op.cookie, body: { name: 'shop', origins } });
    expect(res.status).toBe(201);
    const { key } = (await res.json()) as { key: { id: string; origins: string[] } };
    const expected = ['http://127.0.0.1:8600', 'http://localhost:3000', 'https://app.example'];
    expect(key.origins).toEqual(expected);
    const list = (await (await api('/api/admin/keys', { cookie: op.cookie })).json()) as {
      keys: { id: string; origins: string[] }[];
    };
    expect(list.keys.find((k) => k.id === key.id)?.origins).toEqual(expected);
    const audit = (await auditRows()).find((r) => r.target === key.id && r.action === 'key.create');
    expect(JSON.parse(audit?.detail ?? '{}')).toEqual({ name: 'shop', origins: expected });
  });
});

describe('PUT /api/admin/keys/{id}/origins', () => {
  it('replaces the list (audited); a bad origin changes nothing; a revoked or unknown key is 404', async () => {
    const app = await makeApp(['https://a.example']);
    const put = (origins: unknown, id = app.id) =>
      api(`/api/admin/keys/${id}/origins`, { method: 'PUT', cookie: app.operatorCookie, body: { origins } });

    const ok = await put(['https://b.example', 'https://c.example']);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { key: { origins: string[] } }).key.origins).toEqual([
      'https://b.example',
      'https://c.example',
    ]);
    expect((await auditRows()).filter((r) => r.target === app.id && r.action === 'key.origins')).toHaveLength(1);

    const bad = await put(['https://d.example', 'https://d.example/path']);
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('invalid_origin');
    const { results } = await env.DB.prepare('SELECT origin FROM api_key_origins WHERE key_id = ? ORDER BY origin')
      .bind(app.id)
      .all<{ origin: string }>();
    expect(results.map((r) => r.origin)).toEqual(['https://b.example', 'https://c.example']);

    expect((await put([], 'key_unknown')).status).toBe(404);
    await api(`/api/admin/keys/${app.id}`, { method: 'DELETE', cookie: app.operatorCookie });
    const afterRevoke = await put(['https://e.example']);
    expect(afterRevoke.status).toBe(404);
    expect(await errorCode(afterRevoke)).toBe('key_not_found');
    expect((await auditRows()).filter((r) => r.target === app.id && r.action === 'key.origins')).toHaveLength(1);
  });

  it('is for operators only', async () => {
    const app = await makeApp();
    const user = await signUp();
    const res = await api(`/api/admin/keys/${app.id}/origins`, {
      method: 'PUT',
      cookie: user.cookie,
      body: { origins: ['https://evil.example'] },
    });
    expect(res.status).toBe(403);
  });
});

describe('a key without origins', () => {
  it('keeps working server-to-server but mints no browser token (403 no_origins)', async () => {
    const app = await makeApp([]);
    const user = await appUser(app);
    expect((await service(`/users/${user.id}`, { key: app.secret })).status).toBe(200);
    const res = await service(`/users/${user.id}/browser-tokens`, { method: 'POST', key: app.secret, body: {} });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('no_origins');
    expect(await env.DB.prepare('SELECT count(*) AS n FROM browser_tokens').first<number>('n')).toBe(0);
  });
});
