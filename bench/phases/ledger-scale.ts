// Rows 7b and 7c: the ledger at scale, on history seeded in bulk (bench/lib/seed.ts).
// 7b: a spend for a user with many active lots and a long ledger vs a spend for a fresh user,
//     interleaved one at a time through POST /api/credits/spend.
// 7c: many lots expiring in the past, swept by one cron run (GET /__scheduled on the stack); the
//     wall time from the client and the `ms` the sweep logs.
import { readFileSync } from 'node:fs';
import type { AppClient, User } from '../lib/app';
import { http } from '../lib/http';
import { moveSql, runSqlFile, userSql } from '../lib/seed';

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
  const statements: string[] = [];
  for (let l = 0; l < opts.lots; l++) statements.push(moveSql(users.heavy.id, 'grant', perLot, `seed-lot-${l}`, now));
  for (let r = opts.lots; r < opts.rows; r++)
    statements.push(moveSql(users.heavy.id, 'spend', 1, `seed-spend-${r}`, now));
  statements.push(moveSql(users.fresh.id, 'grant', perLot, 'seed-fresh', now));
  const seedMs = runSqlFile(persistTo, outDir, 'seed-spend', statements);
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
  const statements: string[] = [];
  for (let u = 0; u < opts.users; u++)
    statements.push(userSql(`bench-sweep-${runId}-${u}`, `sweep-${runId}-${u}@example.test`));
  for (let l = 0; l < opts.lots; l++) {
    const user = `bench-sweep-${runId}-${l % opts.users}`;
    statements.push(moveSql(user, 'grant', 10, `seed-expiring-${l}`, now - 120_000, now - 60_000));
  }
  const seedMs = runSqlFile(persistTo, outDir, 'seed-sweep', statements);
  const logBefore = readFileSync(logFile, 'utf8').length;
  const res = await http(`${app.origin}/__scheduled?cron=${encodeURIComponent('* * * * *')}`, { timeoutMs: 120_000 });
  if (res.status !== 200) throw new Error(`GET /__scheduled -> ${res.status} ${res.body.slice(0, 200)}`);
  const wallMs = res.end - res.start;
  // wrangler dev forwards console.log to the stack log; give it a moment to land.
  let logged: SweepResult['logged'] = null;
  for (let tries = 0; tries < 20 && !logged; tries++) {
    await new Promise((r) => setTimeout(r, 100));
    const lines = readFileSync(logFile, 'utf8').slice(logBefore).split('\n');
    const line = lines.find((l) => l.includes('"msg":"sweep"'));
    if (line) logged = JSON.parse(line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1));
  }
  return { lots: opts.lots, users: opts.users, seedMs, wallMs, logged };
}
