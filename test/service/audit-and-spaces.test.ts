// Money moved through an API key is audited, and each surface keeps its own idempotency space
// (issue 18, item 8): a grant, a spend, a reserve, a capture or a release through /api/v1 writes an
// audit row naming the key (name and id) in the same batch as the move, once however often it is
// replayed; a service key can never collide with an operator's adjustment key. Also item 12: every
// route answers a reused idempotency key with the one code, 409 idempotency_conflict.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, expectLedgerConsistent, ledgerRows, lotsOf, signUp } from '../helpers';
import { auditOf, fundedUser, makeKey, service } from './support';

const actorOf = (key: { id: string; name: string }) => `key:${key.name} (${key.id})`;

async function operator() {
  const op = await signUp();
  await env.DB.prepare("UPDATE users SET role = 'operator' WHERE id = ?").bind(op.id).run();
  return op;
}

describe('audit of money moved through an API key', () => {
  it('a grant writes one audit row naming the key, and a replay writes none', async () => {
    const user = await signUp();
    const key = await makeKey();
    const body = { amount: 1_000_000, reason: 'bonus', idempotencyKey: 'g-1' };
    for (let i = 0; i < 2; i++) {
      expect((await service(`/users/${user.id}/grants`, { method: 'POST', key: key.secret, body })).status).toBe(201);
    }
    expect(await auditOf(user.id)).toEqual([
      {
        actor: actorOf(key),
        action: 'credits.grant',
        target: user.id,
        detail: { amount: 1_000_000, reason: 'bonus', expiresAt: null, idempotencyKey: 'g-1' },
      },
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(1_000_000);
  });

  it('a spend, a reserve, a capture and a release are audited once each; refused calls write nothing', async () => {
    const user = await fundedUser(100);
    const key = await makeKey();
    const post = (path: string, body: unknown) =>
      service(`/users/${user.id}${path}`, { method: 'POST', key: key.secret, body });
    const spendBody = { amount: 5, reason: 'thumbnail', idempotencyKey: 's-1' };
    expect((await post('/spend', spendBody)).status).toBe(200);
    expect((await post('/spend', spendBody)).status).toBe(200);
    expect((await post('/spend', { ...spendBody, idempotencyKey: 's-2', amount: 10_000 })).status).toBe(402);
    const reserve = async (k: string) => {
      const res = await post('/holds', { amount: 30, reason: 'render', idempotencyKey: k });
      expect(res.status).toBe(201);
      return ((await res.json()) as { hold: { id: string } }).hold.id;
    };
    const [a, b] = [await reserve('h-1'), await reserve('h-2')];
    await reserve('h-1');
    for (let i = 0; i < 2; i++) {
      expect((await post(`/holds/${a}/capture`, { amount: 12 })).status).toBe(200);
      expect((await post(`/holds/${b}/release`, {})).status).toBe(200);
    }
    expect((await post(`/holds/${a}/capture`, { amount: 13 })).status).toBe(409);
    expect((await post(`/holds/${a}/extend`, { ttlSeconds: 600 })).status).toBe(409);
    const actor = actorOf(key);
    expect(await auditOf(user.id)).toEqual([
      {
        actor,
        action: 'credits.spend',
        target: user.id,
        detail: { amount: 5, reason: 'thumbnail', idempotencyKey: 's-1' },
      },
      {
        actor,
        action: 'holds.reserve',
        target: user.id,
        detail: { amount: 30, reason: 'render', idempotencyKey: 'h-1', holdId: a },
      },
      {
        actor,
        action: 'holds.reserve',
        target: user.id,
        detail: { amount: 30, reason: 'render', idempotencyKey: 'h-2', holdId: b },
      },
      { actor, action: 'holds.capture', target: user.id, detail: { holdId: a, amount: 12 } },
      { actor, action: 'holds.release', target: user.id, detail: { holdId: b } },
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(83);
  });
});

describe('idempotency spaces', () => {
  it("a service grant keyed admin:K does not turn an operator's later adjustment K into a replay", async () => {
    const [op, user, key] = [await operator(), await signUp(), await makeKey()];
    const attack = await service(`/users/${user.id}/grants`, {
      method: 'POST',
      key: key.secret,
      body: { amount: 500, reason: 'outage credit', idempotencyKey: 'admin:K' },
    });
    expect(attack.status).toBe(201);
    const adjustment = await api(`/api/admin/users/${user.id}/adjustments`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: 500, reason: 'outage credit', idempotencyKey: 'K' },
    });
    expect(adjustment.status).toBe(201);
    expect(await adjustment.json()).toMatchObject({
      credits: 1000,
      entry: { kind: 'grant', delta: 500, reference: 'Adjustment by support' },
    });
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['grant', 500],
      ['grant', 500],
    ]);
    expect(await lotsOf(user.id)).toHaveLength(2);
    expect((await auditOf(user.id)).map((r) => [r.actor, r.action])).toEqual([
      [actorOf(key), 'credits.grant'],
      [op.id, 'credits.grant'],
    ]);
  });

  it("an operator's adjustment K first, then a service grant keyed admin:K: two grants, neither a replay", async () => {
    const [op, user, key] = [await operator(), await signUp(), await makeKey()];
    const body = { amount: 300, reason: 'goodwill', idempotencyKey: 'K' };
    expect(
      (await api(`/api/admin/users/${user.id}/adjustments`, { method: 'POST', cookie: op.cookie, body })).status,
    ).toBe(201);
    const grant = await service(`/users/${user.id}/grants`, {
      method: 'POST',
      key: key.secret,
      body: { ...body, idempotencyKey: 'admin:K' },
    });
    expect(grant.status).toBe(201);
    expect(await grant.json()).toMatchObject({ credits: 600, lot: { reference: 'goodwill', amount: 300 } });
    expect(await expectLedgerConsistent(user.id)).toBe(600);
  });
});

describe('one code for a reused idempotency key', () => {
  it('spend, grant and reserve all answer 409 idempotency_conflict through /api/v1, and the site answers the same', async () => {
    const user = await fundedUser(100);
    const key = await makeKey();
    const conflict = { error: { code: 'idempotency_conflict' } };
    for (const [path, body, other] of [
      ['/spend', { amount: 5, reason: 'x', idempotencyKey: 'k1' }, { amount: 6 }],
      ['/grants', { amount: 5, reason: 'x', idempotencyKey: 'k2' }, { amount: 6 }],
      ['/holds', { amount: 5, reason: 'x', idempotencyKey: 'k3' }, { amount: 6 }],
    ] as const) {
      await service(`/users/${user.id}${path}`, { method: 'POST', key: key.secret, body });
      const res = await service(`/users/${user.id}${path}`, {
        method: 'POST',
        key: key.secret,
        body: { ...body, ...other },
      });
      expect(res.status, path).toBe(409);
      expect(await res.json(), path).toMatchObject(conflict);
    }
    const viaSite = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 7, reason: 'x', idempotencyKey: 'k1' },
    });
    expect(viaSite.status).toBe(409);
    expect(await viaSite.json()).toMatchObject(conflict);
    expect(await expectLedgerConsistent(user.id)).toBe(100 - 5 + 5 - 5);
  });
});
