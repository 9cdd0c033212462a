// Holds under concurrency (issue 10 tests): 200 holds at once never reserve more than the balance,
// and a capture racing its hold's expiry either captures or expires it, never both.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepUser } from '../../worker/ledger/expiry';
import { captureHold, reserveHold } from '../../worker/ledger/holds';
import { grant } from '../../worker/ledger/spending';
import { api, balanceOf, lotsOf, signUp, testDb } from '../helpers';
import { entriesOf, expectLedgerConsistent, holdRow } from './support';

const db = testDb();

async function grantLot(userId: string, amount: number) {
  const result = await grant(db, ignoreCommits, {
    userId,
    amount,
    reason: 'promo',
    idempotencyKey: crypto.randomUUID(),
  });
  if (result.outcome !== 'granted') throw new Error(result.outcome);
  return result;
}

async function activeHeld(userId: string): Promise<number> {
  const { results } = await env.DB.prepare(
    "SELECT COALESCE(SUM(amount), 0) AS held, COUNT(*) AS n FROM holds WHERE user_id = ? AND status = 'active'",
  )
    .bind(userId)
    .all<{ held: number; n: number }>();
  return results[0]!.held;
}

describe('200 concurrent holds on one user', () => {
  it('reserve exactly what the balance allows; the rest answer 402; the ledger stays consistent', async () => {
    const user = await signUp();
    const lot = await grantLot(user.id, 1000);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api('/api/credits/holds', {
          method: 'POST',
          cookie: user.cookie,
          body: { amount: 7, reason: `job ${i}`, idempotencyKey: `job-${i}` },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    const fits = Math.floor(1000 / 7);
    expect(statuses.filter((s) => s === 201)).toHaveLength(fits);
    expect(statuses.filter((s) => s === 402)).toHaveLength(200 - fits);
    for (const res of responses.filter((r) => r.status === 402)) {
      expect(await res.json()).toEqual({
        error: { code: 'insufficient_credits', message: 'Not enough credits for this hold.' },
      });
    }
    const credits = (await Promise.all(responses.filter((r) => r.status === 201).map((r) => r.json()))) as {
      credits: number;
    }[];
    // Every successful answer saw its own balance: all distinct, down to 1000 - 142 × 7.
    expect(new Set(credits.map((c) => c.credits)).size).toBe(fits);
    expect(Math.min(...credits.map((c) => c.credits))).toBe(1000 - fits * 7);

    expect(await activeHeld(user.id)).toBe(fits * 7);
    expect(await entriesOf(user.id, 'hold')).toHaveLength(fits);
    expect(await balanceOf(user.id)).toEqual({ credits: 1000 - fits * 7, version: 1 + fits });
    expect((await lotsOf(user.id)).find((l) => l.id === lot.lotId)?.remaining).toBe(1000 - fits * 7);
    expect(await expectLedgerConsistent(user.id)).toBe(6);
  }, 60_000);

  it('holds and spends racing together never overdraw', async () => {
    const user = await signUp();
    await grantLot(user.id, 300);
    const calls = Array.from({ length: 100 }, (_, i) =>
      api(i % 2 === 0 ? '/api/credits/holds' : '/api/credits/spend', {
        method: 'POST',
        cookie: user.cookie,
        body: { amount: 5, reason: `job ${i}`, idempotencyKey: `mixed-${i}` },
      }),
    );
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses.filter((s) => s === 201 || s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 402)).toHaveLength(40);
    const holds = (await entriesOf(user.id, 'hold')).length;
    expect(await activeHeld(user.id)).toBe(holds * 5);
    expect(await expectLedgerConsistent(user.id)).toBe(0);
  }, 60_000);
});

describe('a capture racing its hold’s expiry', () => {
  it('either captures or expires each hold, never both: exactly one settle entry, status to match', async () => {
    const user = await signUp();
    await grantLot(user.id, 10_000);
    const made = Date.now() - 60_000;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await reserveHold(
        db,
        ignoreCommits,
        { userId: user.id, amount: 100, reason: `job ${i}`, idempotencyKey: `race-${i}`, ttlSeconds: 60 },
        made,
      );
      if (r.outcome !== 'reserved') throw new Error(r.outcome);
      ids.push(r.hold.id);
    }
    const expiry = made + 60_000;
    // Captures a millisecond before expiry, sweeps at expiry: both are entitled to settle. The
    // captures are spread over time and the sweeps land among them, so some holds go each way.
    const later = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const [captures] = await Promise.all([
      Promise.all(
        ids.map(async (holdId, i) => {
          await later(i * 3);
          return captureHold(db, ignoreCommits, { userId: user.id, holdId, amount: 30 }, expiry - 1);
        }),
      ),
      Promise.all(
        [5, 10, 20, 30].map(async (ms) => {
          await later(ms);
          return sweepUser(db, ignoreCommits, user.id, expiry);
        }),
      ),
    ]);

    const entries = await entriesOf(user.id);
    let captured = 0;
    for (const [i, holdId] of ids.entries()) {
      const settles = entries.filter((e) => e.idempotency_key === `settle:${holdId}`);
      expect(settles).toHaveLength(1);
      const row = await holdRow(holdId);
      if (settles[0]!.kind === 'capture') {
        captured++;
        expect(settles[0]!.delta).toBe(70);
        expect(row).toMatchObject({ status: 'captured', captured: 30 });
        expect(captures[i]).toMatchObject({ outcome: 'settled', hold: { status: 'captured', captured: 30 } });
      } else {
        expect(settles[0]).toMatchObject({ kind: 'release', delta: 100 });
        expect(row).toMatchObject({ status: 'expired', captured: null });
        expect(captures[i]).toMatchObject({ outcome: 'hold_expired', hold: { status: 'expired' } });
      }
    }
    expect(await activeHeld(user.id)).toBe(0);
    expect(await expectLedgerConsistent(user.id)).toBe(10_000 - captured * 30);
  }, 60_000);

  it('a capture a millisecond after expiry never captures, whatever the sweep does', async () => {
    const user = await signUp();
    await grantLot(user.id, 500);
    const made = Date.now() - 60_000;
    const r = await reserveHold(
      db,
      ignoreCommits,
      { userId: user.id, amount: 200, reason: 'late', idempotencyKey: 'late', ttlSeconds: 60 },
      made,
    );
    if (r.outcome !== 'reserved') throw new Error(r.outcome);
    const [capture] = await Promise.all([
      captureHold(db, ignoreCommits, { userId: user.id, holdId: r.hold.id, amount: 200 }, made + 60_001),
      sweepUser(db, ignoreCommits, user.id, made + 60_001),
    ]);
    expect(capture).toMatchObject({ outcome: 'hold_expired', hold: { status: 'expired', captured: 0 } });
    expect((await entriesOf(user.id)).map((e) => [e.kind, e.delta])).toEqual([
      ['grant', 500],
      ['hold', -200],
      ['release', 200],
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(500);
  }, 60_000);
});
