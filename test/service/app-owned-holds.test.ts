// Holds the app placed (issue 18, item 5; API.md "Holds"): a hold placed through /api/v1, or by the
// Studio for a render the farm will settle, is settled only through /api/v1. The cookie routes answer
// 403 hold_owned_by_app to the user's capture, release or extend and change nothing; holds the user
// placed through the cookie routes stay theirs. The owner is stored in D1, which refuses other values.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type Account, api, expectLedgerConsistent, ledgerRows } from '../helpers';
import { fundedUser, makeKey, reserveVia, service } from './support';

const ownedByApp = {
  error: {
    code: 'hold_owned_by_app',
    message: 'This hold belongs to the app that placed it; only the app can settle it.',
  },
};

const cookiePost = (user: Account, path: string, body: unknown = {}) =>
  api(`/api/credits/holds${path}`, { method: 'POST', cookie: user.cookie, body });

async function holdRow(id: string) {
  return env.DB.prepare('SELECT status, captured, expires_at, owner FROM holds WHERE id = ?')
    .bind(id)
    .first<{ status: string; captured: number | null; expires_at: number; owner: string }>();
}

/** The user tries every settling call of the cookie routes on a hold; each must be 403 and change nothing. */
async function expectUserCannotSettle(user: Account, holdId: string) {
  const before = { hold: await holdRow(holdId), ledger: await ledgerRows(user.id) };
  for (const [path, body] of [
    [`/${holdId}/capture`, { amount: 0 }],
    [`/${holdId}/release`, {}],
    [`/${holdId}/extend`, { ttlSeconds: 3600 }],
  ] as const) {
    const res = await cookiePost(user, path, body);
    expect(res.status, path).toBe(403);
    expect(await res.json()).toEqual(ownedByApp);
  }
  expect(await holdRow(holdId)).toEqual(before.hold);
  expect(await ledgerRows(user.id)).toEqual(before.ledger);
}

describe('a hold placed through /api/v1', () => {
  it("is 403 hold_owned_by_app to the user's capture, release and extend, and the app still settles it", async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    const holdId = await reserveVia(secret, user, 40);
    expect(await holdRow(holdId)).toMatchObject({ status: 'active', owner: 'app' });
    await expectUserCannotSettle(user, holdId);
    // The user may still read it, and sees who settles it.
    const read = await api(`/api/credits/holds/${holdId}`, { cookie: user.cookie });
    expect(await read.json()).toMatchObject({ hold: { id: holdId, status: 'active', owner: 'app' } });

    const captured = await service(`/users/${user.id}/holds/${holdId}/capture`, {
      method: 'POST',
      key: secret,
      body: { amount: 25 },
    });
    expect(captured.status).toBe(200);
    expect(await captured.json()).toMatchObject({
      hold: { status: 'captured', captured: 25, owner: 'app' },
      credits: 75,
    });
    // Settled or not, it stays the app's: the user's retry of a capture is still 403, not a replay.
    expect((await cookiePost(user, `/${holdId}/capture`, { amount: 25 })).status).toBe(403);
    expect(await expectLedgerConsistent(user.id)).toBe(75);
  });

  it('a reserve through /api/v1 with a key the user already used for their own hold is 409, not that hold', async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    const body = { amount: 20, reason: 'render', idempotencyKey: 'job-7' };
    const mine = await cookiePost(user, '', body);
    expect(mine.status).toBe(201);
    const res = await service(`/users/${user.id}/holds`, { method: 'POST', key: secret, body });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('idempotency_conflict');
    expect((await ledgerRows(user.id)).map((r) => r.kind)).toEqual(['grant', 'hold']);
  });
});

describe('a hold the user placed through the cookie routes', () => {
  it('stays theirs to capture, release and extend (owner user)', async () => {
    const user = await fundedUser(100);
    const reserve = async () => {
      const res = await cookiePost(user, '', { amount: 10, reason: 'mine', idempotencyKey: crypto.randomUUID() });
      expect(res.status).toBe(201);
      const { hold } = (await res.json()) as { hold: { id: string; owner: string } };
      expect(hold.owner).toBe('user');
      return hold.id;
    };
    const [a, b] = [await reserve(), await reserve()];
    expect((await cookiePost(user, `/${a}/extend`, { ttlSeconds: 600 })).status).toBe(200);
    expect(await (await cookiePost(user, `/${a}/capture`, { amount: 4 })).json()).toMatchObject({
      hold: { status: 'captured', captured: 4 },
    });
    expect(await (await cookiePost(user, `/${b}/release`)).json()).toMatchObject({ hold: { status: 'released' } });
    expect(await expectLedgerConsistent(user.id)).toBe(96);
  });
});

describe('the owner column', () => {
  it('the database refuses an owner outside user/app', async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    const holdId = await reserveVia(secret, user, 10);
    await expect(env.DB.prepare("UPDATE holds SET owner = 'nobody' WHERE id = ?").bind(holdId).run()).rejects.toThrow(
      /CHECK constraint failed/,
    );
    expect(await holdRow(holdId)).toMatchObject({ owner: 'app' });
  });
});
