// The ledger v2 model test (issue 10): fast-check generates sequences of purchases, grants, spends,
// holds, captures, releases, extends, refunds, disputes (also before their purchase is credited),
// replays and clock jumps on a virtual clock; after every step the database (balance, ledger sum,
// spendable credit, each lot, each hold) must equal the in-memory model of test/ledger/model.ts,
// and every call's outcome (402 or not included) must be the one the model predicts.
// A failure prints fast-check's seed and path (and the shrunk sequence, step by step); replay with
//   VITE_FC_SEED=<seed> VITE_FC_PATH=<path> npx vitest run --project worker test/ledger/model.test.ts
// and hunt longer with VITE_FC_RUNS=500 (40 runs by default, ~20 s of test time on 2 cores).
import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../worker/db/batch';
import { listLots } from '../../worker/ledger/reading';
import { type AccountStateRow, accountStateSql, toAccountState } from '../../worker/ledger/state';
import { expectLedgerConsistent, signUp, testDb } from '../helpers';
import type { LedgerModel } from './model';
import { Run, START } from './model-run';
import { EXAMPLES, scenarioArb } from './model-steps';

const db = testDb();

/** The user's money as the database holds it, in the model's terms. */
async function stored(userId: string, now: number) {
  const [user, sum, spendable, lots, holds] = await env.DB.batch([
    env.DB.prepare('SELECT credits FROM users WHERE id = ?').bind(userId),
    env.DB.prepare('SELECT COALESCE(SUM(delta), 0) AS n FROM ledger_entries WHERE user_id = ?').bind(userId),
    env.DB.prepare(
      'SELECT COALESCE(SUM(remaining), 0) AS n FROM lots WHERE user_id = ? AND (expires_at IS NULL OR expires_at > ?)',
    ).bind(userId, now),
    env.DB.prepare(
      `SELECT l.id, e.idempotency_key AS key, l.source, l.amount, l.remaining, l.expires_at AS expiresAt
       FROM lots l LEFT JOIN ledger_entries e ON e.id = l.entry_id WHERE l.user_id = ? ORDER BY l.id`,
    ).bind(userId),
    env.DB.prepare(
      'SELECT id, amount, status, captured, expires_at AS expiresAt FROM holds WHERE user_id = ? ORDER BY entry_id',
    ).bind(userId),
  ]);
  // What /api/auth/me, live messages and the BalanceRoom alarm read, from the ledger's own query.
  const [state] = await runBatch<AccountStateRow>(db, [accountStateSql(sql`u.id = ${userId}`, now)]);
  const { held, expiring, nextDeadline } = toAccountState(state![0]!);
  // GET /api/credits/lots: the spendable lots in spending order.
  const rows = lots!.results as { id: number; key: string }[];
  const listed = (await listLots(db, userId, now)).map((l) => rows.find((r) => r.id === l.id)?.key);
  return {
    balance: (user!.results[0] as { credits: number }).credits,
    ledgerSum: (sum!.results[0] as { n: number }).n,
    spendable: (spendable!.results[0] as { n: number }).n,
    held,
    expiring,
    nextDeadline,
    listed,
    lots: rows.map(({ id: _, ...lot }) => lot),
    holds: holds!.results,
  };
}

function expected(model: LedgerModel, now: number) {
  return {
    balance: model.balance,
    ledgerSum: model.balance,
    spendable: model.spendable(now),
    held: model.held,
    expiring: ((e) => e && { credits: e.credits, at: new Date(e.at).toISOString() })(model.expiring(now)),
    nextDeadline: model.nextDeadline(),
    listed: model.listed(now),
    lots: model.lots.map(({ key, source, amount, remaining, expiresAt }) => ({
      key,
      source,
      amount,
      remaining,
      expiresAt,
    })),
    holds: model.holds.map(({ id, amount, status, captured, expiresAt }) => ({
      id,
      amount,
      status,
      captured,
      expiresAt,
    })),
  };
}

/** VITE_FC_SEED / VITE_FC_PATH (from a failure's report) replay one failing sequence; VITE_FC_RUNS runs more. */
const vars = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {};
const RUNS = vars.VITE_FC_RUNS ? Number(vars.VITE_FC_RUNS) : 40;
const replay: fc.Parameters<unknown> = vars.VITE_FC_SEED
  ? { seed: Number(vars.VITE_FC_SEED), path: vars.VITE_FC_PATH || undefined, endOnFailure: true }
  : {};

describe('ledger v2 against its model', () => {
  it(
    'every step leaves balance, ledger, lots and holds as the model says',
    { timeout: 120_000 + RUNS * 3_000 },
    async () => {
      const property = fc.asyncProperty(scenarioArb, async ({ packs, steps }) => {
        const run = new Run((await signUp()).id, packs);
        for (const [i, step] of steps.entries()) {
          const action = await run.action(step, i);
          run.done.push(action);
          if (action) {
            run.log.push(`${i}: ${action.label} @+${run.now - START}`);
            await action.run();
          }
          expect(await stored(run.userId, run.now), run.log.join('\n')).toEqual(expected(run.model, run.now));
        }
        // And every entry's balance_after is the running sum of the ledger.
        expect(await expectLedgerConsistent(run.userId)).toBe(run.model.balance);
      });
      await fc.assert(property, { numRuns: RUNS, examples: EXAMPLES.map((e) => [e]), ...replay });
    },
  );
});
