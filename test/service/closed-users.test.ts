// Closed accounts and the service API (issue 18, item 10): closing releases the user's active holds
// (whoever placed them) through the ledger, and from then on every /api/v1 call about that user is
// 404 user_not_found and moves nothing; an email lookup finds nobody, the tombstone address included.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { tombstoneEmail } from '../../worker/accounts/closed';
import { api, expectLedgerConsistent, ledgerRows } from '../helpers';
import { fundedUser, makeKey, reserveVia, service } from './support';

const PASSWORD = 'correct horse battery';
const userNotFound = { error: { code: 'user_not_found', message: 'No such user.' } };

async function holdStatuses(userId: string) {
  const { results } = await env.DB.prepare('SELECT status FROM holds WHERE user_id = ? ORDER BY created_at, entry_id')
    .bind(userId)
    .all<{ status: string }>();
  return results.map((r) => r.status);
}

describe('closing an account', () => {
  it("releases every active hold (the app's and the user's) through the ledger, in full", async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    await reserveVia(secret, user, 30);
    const own = await api('/api/credits/holds', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 20, reason: 'mine', idempotencyKey: 'mine-1' },
    });
    expect(own.status).toBe(201);
    const closed = await api('/api/account/delete', {
      method: 'POST',
      cookie: user.cookie,
      body: { password: PASSWORD },
    });
    expect(closed.status).toBe(204);
    expect(await holdStatuses(user.id)).toEqual(['released', 'released']);
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['grant', 100],
      ['hold', -30],
      ['hold', -20],
      ['release', 30],
      ['release', 20],
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(100);
  });
});

describe('a closed user through /api/v1', () => {
  it('is 404 user_not_found to every call, and nothing moves', async () => {
    const user = await fundedUser(100);
    const { secret } = await makeKey();
    const holdId = await reserveVia(secret, user, 30);
    expect(
      (await api('/api/account/delete', { method: 'POST', cookie: user.cookie, body: { password: PASSWORD } })).status,
    ).toBe(204);
    const before = await ledgerRows(user.id);
    const calls: [string, string, unknown?][] = [
      ['GET', `/users/${user.id}`],
      ['POST', `/users/${user.id}/holds`, { amount: 1, reason: 'render', idempotencyKey: 'after-close' }],
      ['GET', `/users/${user.id}/holds/${holdId}`],
      ['POST', `/users/${user.id}/holds/${holdId}/extend`, { ttlSeconds: 600 }],
      ['POST', `/users/${user.id}/holds/${holdId}/capture`, { amount: 1 }],
      ['POST', `/users/${user.id}/holds/${holdId}/release`],
      ['POST', `/users/${user.id}/spend`, { amount: 1, reason: 'x', idempotencyKey: 'after-close' }],
      ['POST', `/users/${user.id}/grants`, { amount: 500, reason: 'x', idempotencyKey: 'after-close' }],
      ['GET', `/users/${user.id}/ledger`],
    ];
    for (const [method, path, body] of calls) {
      const res = await service(path, { method, body, key: secret });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual(userNotFound);
    }
    for (const email of [user.email, tombstoneEmail(user.id)]) {
      const found = await service(`/users?email=${encodeURIComponent(email)}`, { key: secret });
      expect(await found.json()).toEqual({ users: [] });
    }
    expect(await ledgerRows(user.id)).toEqual(before);
    expect(await expectLedgerConsistent(user.id)).toBe(100);
  });
});
