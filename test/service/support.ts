// Helpers for service API tests: keys, calls as a backend makes them (Bearer, no cookie, no Origin),
// funded users and holds placed through /api/v1.
import { env, SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { insertApiKey, newApiKey } from '../../worker/accounts/api-keys';
import { type Account, grantCredits, ORIGIN, signUp, testDb } from '../helpers';

export async function makeKey(name = `render-farm-${crypto.randomUUID().slice(0, 6)}`) {
  const key = await newApiKey();
  await testDb().run(insertApiKey(key, name));
  return { ...key, name };
}

/** A call as a backend makes it: a Bearer key, no cookie, no Origin. */
export function service(path: string, init: { method?: string; body?: unknown; key?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return SELF.fetch(`${ORIGIN}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

export async function fundedUser(credits = 1000): Promise<Account> {
  const user = await signUp();
  await grantCredits(user.id, credits);
  return user;
}

export async function reserveVia(key: string, user: Account, amount = 10) {
  const res = await service(`/users/${user.id}/holds`, {
    method: 'POST',
    key,
    body: { amount, reason: 'render 42', idempotencyKey: crypto.randomUUID() },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { hold: { id: string } }).hold.id;
}

export interface AuditRow {
  actor: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/** The audit rows about one target (a user id), oldest first. */
export async function auditOf(target: string): Promise<AuditRow[]> {
  const { results } = await env.DB.prepare(
    'SELECT actor, action, target, detail FROM audit_log WHERE target = ? ORDER BY id',
  )
    .bind(target)
    .all<AuditRow & { detail: string }>();
  return results.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
