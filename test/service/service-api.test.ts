// The service API (docs/api.md "Service API"): API keys, and the same holds, spend, grants and ledger
// as the cookie routes, through a second door. Every route with a valid, revoked, missing and
// wrong key; hashes only in D1; one idempotency space shared with the cookie routes.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../worker/accounts/api-keys';
import { type Account, api, expectLedgerConsistent, ledgerRows, lotsOf, signUp, testDb } from '../helpers';
import { fundedUser, makeKey, reserveVia, service } from './support';

/** Every service route, as [method, path, body] for a user with a hold. */
function everyRoute(user: Account, holdId: string): [string, string, unknown?][] {
  return [
    ['GET', `/users/${user.id}`],
    ['GET', `/users?email=${encodeURIComponent(user.email)}`],
    ['POST', `/users/${user.id}/holds`, { amount: 1, reason: 'render', idempotencyKey: crypto.randomUUID() }],
    ['GET', `/users/${user.id}/holds/${holdId}`],
    ['POST', `/users/${user.id}/holds/${holdId}/extend`, { ttlSeconds: 600 }],
    ['POST', `/users/${user.id}/holds/${holdId}/capture`, { amount: 1 }],
    ['POST', `/users/${user.id}/holds/${holdId}/release`],
    ['POST', `/users/${user.id}/spend`, { amount: 1, reason: 'thumbnail', idempotencyKey: crypto.randomUUID() }],
    ['POST', `/users/${user.id}/grants`, { amount: 5, reason: 'outage', idempotencyKey: crypto.randomUUID() }],
    ['GET', `/users/${user.id}/ledger`],
  ];
}

describe('API keys', () => {
  it('every route answers 401 invalid_api_key for a missing, wrong or revoked key, and changes nothing', async () => {
    const user = await fundedUser();
    const key = await makeKey();
    const holdId = await reserveVia(key.secret, user);
    const revoked = await makeKey();
    await testDb().run(revokeApiKey(revoked.id));
    const before = await ledgerRows(user.id);
    for (const bad of [null, 'cck_not-a-key', `cck_${'x'.repeat(43)}`, 'sk_test_123', revoked.secret]) {
      for (const [method, path, body] of everyRoute(user, holdId)) {
        const res = await service(path, { method, body, key: bad });
        expect(res.status, `${method} ${path} with ${bad}`).toBe(401);
        expect(await res.json()).toEqual({
          error: { code: 'invalid_api_key', message: 'A valid API key is required: Authorization: Bearer cck_…' },
        });
      }
    }
    expect(await ledgerRows(user.id)).toEqual(before);
  });

  it('every route answers with a valid key, without a cookie or an Origin', async () => {
    const user = await fundedUser();
    const key = await makeKey();
    const holdId = await reserveVia(key.secret, user);
    const statuses = [];
    for (const [method, path, body] of everyRoute(user, holdId)) {
      statuses.push((await service(path, { method, body, key: key.secret })).status);
    }
    // capture settles the hold, so the release after it is 409 hold_not_active.
    expect(statuses).toEqual([200, 200, 201, 200, 200, 200, 409, 200, 201, 200]);
    await expectLedgerConsistent(user.id);
  });

  it('a key revoked between two calls stops working at once', async () => {
    const user = await fundedUser();
    const key = await makeKey();
    expect((await service(`/users/${user.id}`, { key: key.secret })).status).toBe(200);
    await testDb().run(revokeApiKey(key.id));
    expect((await service(`/users/${user.id}`, { key: key.secret })).status).toBe(401);
  });

  it('stores only the SHA-256 of a key, and records its last use', async () => {
    const key = await makeKey('hash-check');
    const user = await fundedUser();
    await service(`/users/${user.id}`, { key: key.secret });
    const { results } = await env.DB.prepare('SELECT * FROM api_keys WHERE id = ?').bind(key.id).all();
    expect(JSON.stringify(results)).not.toContain(key.secret);
    expect(JSON.stringify(results)).not.toContain(key.secret.slice(4));
    expect(results[0]).toMatchObject({ name: 'hash-check', hash: key.hash });
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.secret).toMatch(/^cck_[A-Za-z0-9_-]{43}$/);
  });
});

describe('the service routes', () => {
  it('finds a user by id and by email, with balance, held and expiring; 404 user_not_found otherwise', async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    await reserveVia(secret, user, 30);
    const expected = { id: user.id, externalId: null, email: user.email, credits: 70, held: 30, expiring: null };
    expect(await (await service(`/users/${user.id}`, { key: secret })).json()).toEqual(expected);
    expect(await (await service(`/users?email=${user.email.toUpperCase()}`, { key: secret })).json()).toEqual({
      users: [expected],
    });
    expect(await (await service('/users?email=nobody@example.com', { key: secret })).json()).toEqual({ users: [] });
    const missing = await service('/users/no-such-user/holds', {
      method: 'POST',
      key: secret,
      body: { amount: 1, reason: 'r', idempotencyKey: 'k' },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'user_not_found', message: 'No such user.' } });
  });

  it('reserve → capture: the cost leaves, the rest returns, and the ledger says so', async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    const holdId = await reserveVia(secret, user, 40);
    const captured = await service(`/users/${user.id}/holds/${holdId}/capture`, {
      method: 'POST',
      key: secret,
      body: { amount: 25 },
    });
    expect(captured.status).toBe(200);
    expect(await captured.json()).toMatchObject({
      hold: { id: holdId, status: 'captured', captured: 25 },
      credits: 75,
    });
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['grant', 100],
      ['hold', -40],
      ['release', 15],
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(75);
  });

  it('grants a lot (optionally expiring), replays a key, refuses a reused key and a past expiry', async () => {
    const user = await signUp();
    const { secret } = await makeKey();
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const body = { amount: 500, reason: 'outage credit', idempotencyKey: 'outage-1', expiresAt };
    const first = await service(`/users/${user.id}/grants`, { method: 'POST', key: secret, body });
    expect(first.status).toBe(201);
    const answer = (await first.json()) as { lot: Record<string, unknown>; credits: number };
    expect(answer).toMatchObject({
      credits: 500,
      lot: { source: 'grant', amount: 500, remaining: 500, expiresAt, reference: 'outage credit' },
    });
    const again = await service(`/users/${user.id}/grants`, { method: 'POST', key: secret, body });
    expect(await again.json()).toEqual(answer);
    const reused = await service(`/users/${user.id}/grants`, {
      method: 'POST',
      key: secret,
      body: { ...body, amount: 501 },
    });
    expect(reused.status).toBe(409);
    const past = await service(`/users/${user.id}/grants`, {
      method: 'POST',
      key: secret,
      body: { ...body, idempotencyKey: 'past', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    expect(await lotsOf(user.id)).toHaveLength(1);
    expect(await expectLedgerConsistent(user.id)).toBe(500);
  });

  it("shares one idempotency space with the cookie routes (a hold the user placed is never the app's replay)", async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    const body = { amount: 20, reason: 'render', idempotencyKey: 'shared-key' };
    const viaCookie = await api('/api/credits/holds', { method: 'POST', cookie: user.cookie, body });
    const viaService = await service(`/users/${user.id}/holds`, { method: 'POST', key: secret, body });
    expect(viaCookie.status).toBe(201);
    // The key is taken, and by a hold the user settles: the app gets 409, not the user's hold.
    expect(viaService.status).toBe(409);
    expect(((await viaService.json()) as { error: { code: string } }).error.code).toBe('idempotency_conflict');
    const spendBody = { amount: 5, reason: 'x', idempotencyKey: 'shared-spend' };
    await service(`/users/${user.id}/spend`, { method: 'POST', key: secret, body: spendBody });
    const replay = await api('/api/credits/spend', { method: 'POST', cookie: user.cookie, body: spendBody });
    expect(replay.status).toBe(200);
    expect((await ledgerRows(user.id)).map((r) => r.kind)).toEqual(['grant', 'hold', 'spend']);
    expect(await expectLedgerConsistent(user.id)).toBe(75);
  });

  it("another user's hold is 404 through the service door too", async () => {
    const [a, b] = [await fundedUser(), await fundedUser()];
    const { secret } = await makeKey();
    const holdId = await reserveVia(secret, a);
    const res = await service(`/users/${b.id}/holds/${holdId}/capture`, {
      method: 'POST',
      key: secret,
      body: { amount: 1 },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('hold_not_found');
  });

  it("serves an OpenAPI 3.1 document of every service route (the farm's job reports included) without a key", async () => {
    const res = await service('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /users',
        'GET /users/{userId}',
        'POST /users/{userId}/holds',
        'GET /users/{userId}/holds/{id}',
        'POST /users/{userId}/holds/{id}/capture',
        'POST /users/{userId}/holds/{id}/release',
        'POST /users/{userId}/holds/{id}/extend',
        'POST /users/{userId}/spend',
        'POST /users/{userId}/grants',
        'GET /users/{userId}/ledger',
        'PUT /users/by-external-id/{externalId}',
        'POST /users/{userId}/browser-tokens',
        'POST /users/{userId}/checkout',
        'GET /checkout/{sessionId}',
        'POST /jobs/{jobId}/progress',
        'PUT /users/{userId}/alerts',
        'GET /users/{userId}/auto-topup',
        'PUT /users/{userId}/auto-topup',
        'POST /webhook-endpoints',
        'GET /webhook-endpoints',
        'DELETE /webhook-endpoints/{endpointId}',
        'GET /webhook-endpoints/{endpointId}/deliveries',
        'POST /webhook-endpoints/{endpointId}/rotate-secret',
        'POST /webhook-endpoints/{endpointId}/enable',
        'POST /webhook-endpoints/{endpointId}/deliveries/{messageId}/resend',
      ].sort(),
    );
    const reserve = doc.paths['/users/{userId}/holds']?.post as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(reserve.requestBody.content['application/json']?.schema.required).toEqual([
      'amount',
      'reason',
      'idempotencyKey',
    ]);
  });
});
