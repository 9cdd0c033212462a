// The app's own users: PUT /api/v1/users/by-external-id/{id} makes (201) or finds (200) one user per
// external id — under 20 racing requests too — links an existing account by email, refuses a bad id
// or another id's email, and such users have no password; externalId in every service user object.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signUp, uniqueEmail } from '../helpers';
import { service } from '../service/support';
import { appUser, errorCode, makeApp } from './support';

const put = (secret: string, rawId: string, body: unknown = { email: uniqueEmail('ext') }) =>
  service(`/users/by-external-id/${rawId}`, { method: 'PUT', key: secret, body });
const userCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM users').first<number>('n')) ?? 0;

describe('PUT /api/v1/users/by-external-id/{externalId}', () => {
  it('makes the user once (201), then returns it (200) with externalId and its balance', async () => {
    const app = await makeApp();
    const email = uniqueEmail('ext');
    const first = await put(app.secret, 'user-42', { email, locale: 'zh' });
    expect(first.status).toBe(201);
    const made = (await first.json()) as Record<string, unknown>;
    expect(made).toEqual({ id: made.id, externalId: 'user-42', email, credits: 0, held: 0, expiring: null });
    const again = await put(app.secret, 'user-42', { email });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(made);
    // Found by the id, everywhere a service user object appears.
    const byId = await service(`/users/${made.id}`, { key: app.secret });
    expect(await byId.json()).toEqual(made);
    const byExternal = await service('/users?externalId=user-42', { key: app.secret });
    expect(await byExternal.json()).toEqual({ users: [made] });
    expect(await (await service('/users?externalId=nobody', { key: app.secret })).json()).toEqual({ users: [] });
    const byEmail = await service(`/users?email=${encodeURIComponent(email)}`, { key: app.secret });
    expect(await byEmail.json()).toEqual({ users: [made] });
  });

  it('keeps any printable ASCII id, encoded slashes and spaces included', async () => {
    const app = await makeApp();
    const id = 'tenant/7 user:"x"?#%';
    const res = await put(app.secret, encodeURIComponent(id));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { externalId: string }).externalId).toBe(id);
    const found = await service(`/users?externalId=${encodeURIComponent(id)}`, { key: app.secret });
    expect(((await found.json()) as { users: { externalId: string }[] }).users[0]?.externalId).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a control character', encodeURIComponent('abc\u0001')],
    ['a newline', encodeURIComponent('abc\n')],
    ['non-ASCII', encodeURIComponent('ユーザー')],
    ['a DEL', encodeURIComponent('abc\u007f')],
  ])('refuses an id that is %s with 400 and makes nobody', async (_, rawId) => {
    const app = await makeApp();
    const before = await userCount();
    const res = await put(app.secret, rawId);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_request');
    expect(await userCount()).toBe(before);
  });

  it('accepts exactly 128 characters', async () => {
    const app = await makeApp();
    expect((await put(app.secret, 'y'.repeat(128))).status).toBe(201);
  });

  it('refuses a bad email or a bad ?externalId= with 400', async () => {
    const app = await makeApp();
    expect((await put(app.secret, 'ok-id', { email: 'not an email' })).status).toBe(400);
    expect((await put(app.secret, 'ok-id', {})).status).toBe(400);
    expect((await service('/users?externalId=', { key: app.secret })).status).toBe(400);
    expect((await service(`/users?externalId=${'z'.repeat(129)}`, { key: app.secret })).status).toBe(400);
  });

  it('makes one user when 20 requests race the same id', async () => {
    const app = await makeApp();
    const email = uniqueEmail('race');
    const before = await userCount();
    const answers = await Promise.all(Array.from({ length: 20 }, () => put(app.secret, 'racer', { email })));
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { id: string }[];
    expect(answers.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(await userCount()).toBe(before + 1);
  });

  it('links an existing account with that email and no external id (200), keeping its password', async () => {
    const app = await makeApp();
    const site = await signUp();
    const res = await put(app.secret, 'linked-1', { email: site.email.toUpperCase() });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: site.id, externalId: 'linked-1', email: site.email });
    const login = await api('/api/auth/login', {
      method: 'POST',
      body: { email: site.email, password: 'correct horse battery' },
    });
    expect(login.status).toBe(200);
  });

  it('is 409 external_id_conflict when the email belongs to a user with another external id', async () => {
    const app = await makeApp();
    const email = uniqueEmail('taken');
    expect((await put(app.secret, 'first-id', { email })).status).toBe(201);
    const before = await userCount();
    const res = await put(app.secret, 'second-id', { email });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('external_id_conflict');
    expect(await userCount()).toBe(before);
    expect(await (await service('/users?externalId=second-id', { key: app.secret })).json()).toEqual({ users: [] });
  });

  it('needs a key (401)', async () => {
    const res = await service('/users/by-external-id/x', { method: 'PUT', body: { email: uniqueEmail() } });
    expect(res.status).toBe(401);
  });
});

describe("an app's user has no password", () => {
  it('login fails exactly as a wrong password does', async () => {
    const app = await makeApp();
    const user = await appUser(app, 'no-password', uniqueEmail('nopw'));
    const attempt = (password: string) =>
      api('/api/auth/login', { method: 'POST', body: { email: user.email, password } });
    // Whatever is typed — even the stored marker itself — the answer is the wrong-password one.
    for (const password of ['!external', 'correct horse battery', 'anything at all']) {
      const res = await attempt(password);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'invalid_credentials', message: 'Email or password is incorrect.' },
      });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });
});
