// Helpers for the embedding tests (issue 20): an app (an API key with origins, made through the
// console's API), its users by external id, browser tokens, and calls as an app's page makes them.
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { operator } from '../admin/support';
import { api, ORIGIN } from '../helpers';
import { service } from '../service/support';

export const APP_ORIGIN = 'http://127.0.0.1:8600';
export const OTHER_APP_ORIGIN = 'https://other-app.example';

export interface App {
  id: string;
  secret: string;
  origins: string[];
  /** The operator who made it (revokes it in the tests). */
  operatorCookie: string;
}

/** An app as the console makes it: POST /api/admin/keys {name, origins}. */
export async function makeApp(origins: string[] = [APP_ORIGIN]): Promise<App> {
  const op = await operator();
  const res = await api('/api/admin/keys', {
    method: 'POST',
    cookie: op.cookie,
    body: { name: `app-${crypto.randomUUID().slice(0, 8)}`, origins },
  });
  expect(res.status).toBe(201);
  const { key, secret } = (await res.json()) as { key: { id: string; origins: string[] }; secret: string };
  return { id: key.id, secret, origins: key.origins, operatorCookie: op.cookie };
}

export async function revoke(app: App): Promise<void> {
  const res = await api(`/api/admin/keys/${app.id}`, { method: 'DELETE', cookie: app.operatorCookie });
  expect(res.status).toBe(204);
}

export interface AppUser {
  id: string;
  externalId: string | null;
  email: string;
  credits: number;
}

/** The app's user `externalId`, made or found through the service API. */
export async function appUser(app: App, externalId = `u-${crypto.randomUUID()}`, email?: string): Promise<AppUser> {
  const res = await service(`/users/by-external-id/${encodeURIComponent(externalId)}`, {
    method: 'PUT',
    key: app.secret,
    body: { email: email ?? `${externalId.slice(0, 40)}@app.example`.toLowerCase() },
  });
  expect([200, 201]).toContain(res.status);
  return (await res.json()) as AppUser;
}

export async function mintToken(app: App, userId: string, ttlSeconds?: number): Promise<string> {
  const res = await service(`/users/${userId}/browser-tokens`, {
    method: 'POST',
    key: app.secret,
    body: ttlSeconds === undefined ? {} : { ttlSeconds },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** GET /api/embed/balance as an app's page sends it (`origin: null` sends none). */
export function embedBalance(token: string | null, origin: string | null = APP_ORIGIN, method = 'GET') {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (origin !== null) headers.origin = origin;
  return SELF.fetch(`${ORIGIN}/api/embed/balance`, { method, headers });
}

/** Opens (or tries to open) the live socket with a token, from `origin`. */
export function liveWithToken(token: string, origin: string | null = APP_ORIGIN, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { upgrade: 'websocket', ...extra };
  if (origin !== null) headers.origin = origin;
  return SELF.fetch(`${ORIGIN}/api/balance/live?token=${encodeURIComponent(token)}`, { headers });
}

/** Resolves with the close event's code and reason. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason })));
}

export async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}
