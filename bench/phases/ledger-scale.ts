// Rows 7b and 7c: the ledger at scale, on history seeded in bulk (bench/lib/seed.ts).
// 7b: a spend for a user with many active lots and a long ledger vs a spend for a fresh user,
//     interleaved one at a time through POST /api/credits/spend.
// 7c: many lots expiring in the past, swept by one cron run (GET /__scheduled on the stack); the
//     wall time from the client and the `ms` the sweep logs.
import { readFileSync } from 'node:fs';
import type { AppClient, User } from '../lib/app';
import { http } from '../lib/http';
import { movesSql, quote, runSqlFile, usersSql } from '../lib/seed';

export interface SpendScaleResult {
  lots: number;
  rows: number;
  seedMs: number;
  heavyMs: number[];
  freshMs: number[];
  failed: string[];
}

/** Seeds `heavy` with `lots` never-expiring grants and spends up to `rows` entries; `fresh` gets one grant. */
export async function spendAtScale(
  app: AppClient,
  persistTo: string,
  outDir: string,
  users: { heavy: User; fresh: User },
  opts: { lots: number; rows: number; samples: number; warmup: number },
): Promise<SpendScaleResult> {
  const now = Date.now();
  const perLot = opts.rows * 2; // every lot stays active: the spends take at most half of the first
  // Both users were just signed up: 0 credits, version 0.
  const heavy = quote(users.heavy.id);
  const common = { now, user: heavy, before: 'seq.i', amount: perLot };
  const statements = [
    movesSql({ ...common, kind: 'grant', count: opts.lots, keyPrefix: 'seed-lot-', credits: 0, version: 0 }),
    movesSql({
      ...common,
      kind: 'spend',
      amount: 1,
      count: opts.rows - opts.lots,
      keyPrefix: 'seed-spend-',
      credits: perLot * opts.lots,
      version: opts.lots,
    }),
    movesSql({
      ...common,
      user: quote(users.fresh.id),
      kind: 'grant',
      count: 1,
      keyPrefix: 'seed-fresh-',
      credits: 0,
      version: 0,
    }),
  ];
  const seedMs = await runSqlFile(persistTo, outDir, 'seed-spend', statements);
  const result: SpendScaleResult = { lots: opts.lots, rows: opts.rows, seedMs, heavyMs: [], freshMs: [], failed: [] };
  const spendAs = async (user: User, key: string) => {
    const res = await http(`${app.origin}/api/credits/spend`, {
      method: 'POST',
      headers: { cookie: user.cookie, origin: app.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1, reason: 'bench spend', idempotencyKey: key }),
    });
    if (res.status !== 200) result.failed.push(`spend -> ${res.status} ${res.body.slice(0, 120)}`);
    return res.end - res.start;
  };
  for (let i = 0; i < opts.samples + opts.warmup; i++) {
    // Alternate which goes first, so neither always follows the other.
    const order = i % 2 === 0 ? (['heavy', 'fresh'] as const) : (['fresh', 'heavy'] as const);
    for (const who of order) {
      const ms = await spendAs(users[who], `bench-${who}-${i}`);
      if (i >= opts.warmup) (who === 'heavy' ? result.heavyMs : result.freshMs).push(ms);
    }
  }
  return result;
}

export interface SweepResult {
  lots: number;
  users: number;
  seedMs: number;
  /** GET /__scheduled: the whole cron run as the client saw it. */
  wallMs: number;
  /** The `sweep` line the cron logged: lots and holds expired, and its own `ms`. */
  logged: { expiredLots: number; expiredHolds: number; ms: number } | null;
  /** The cron run failed (its status and first line). */
  error: string | null;
}

/** Seeds `lots` grants that expired a minute ago across `users` new accounts, then runs the cron once. */
export async function sweepAtScale(
  app: AppClient,
  persistTo: string,
  outDir: string,
  logFile: string,
  opts: { lots: number; users: number },
): Promise<SweepResult> {
  const now = Date.now();
  const runId = Date.now().toString(36);
  const prefix = `bench-sweep-${runId}-`;
  // Row i goes to user i % users, as that user's (i / users)-th grant.
  const statements = [
    usersSql(prefix, opts.users),
    movesSql({
      kind: 'grant',
      amount: 10,
      count: opts.lots,
      keyPrefix: 'seed-expiring-',
      now: now - 120_000,
      expiresAt: now - 60_000,
      user: `${quote(prefix)} || (seq.i % ${opts.users})`,
      before: `(seq.i / ${opts.users})`,
      credits: 0,
      version: 0,
    }),
  ];
  const seedMs = await runSqlFile(persistTo, outDir, 'seed-sweep', statements);
  const logBefore = readFileSync(logFile, 'utf8').length;
  const res = await http(`${app.origin}/__scheduled?cron=${encodeURIComponent('* * * * *')}`, { timeoutMs: 120_000 });
  const error =
    res.status === 200 ? null : `GET /__scheduled -> ${res.status} ${res.body.split('\n')[0]!.slice(0, 160)}`;
  const wallMs = res.end - res.start;
  // wrangler dev forwards console.log to the stack log; give it a moment to land.
  let logged: SweepResult['logged'] = null;
  for (let tries = 0; tries < 20 && !logged; tries++) {
    await new Promise((r) => setTimeout(r, 100));
    const lines = readFileSync(logFile, 'utf8').slice(logBefore).split('\n');
    const line = lines.find((l) => l.includes('"msg":"sweep"'));
    if (line) logged = JSON.parse(line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1));
  }
  return { lots: opts.lots, users: opts.users, seedMs, wallMs, logged, error };
}
