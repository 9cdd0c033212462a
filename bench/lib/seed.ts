// Bulk seeding of ledger history for the ledger rows (7b, 7c): generated SQL run with `wrangler d1
// execute --local --persist-to <the stack's state> --file`. Every credit moves as the ledger's own
// move does (worker/ledger/commit.ts: one INSERT … SELECT per entry, balance_after and version
// computed from the user's row, keyed, ON CONFLICT DO NOTHING), so the ledger trigger keeps the
// balance, the lots and the draws exactly as the app would; only the HTTP and batching are skipped.
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from '../config';
import { dropIdleSockets } from './http';

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

const COLUMNS = `user_id, delta, balance_after, version, kind, reference, idempotency_key, fingerprint,
  lot_id, hold_id, source_entry_id, expires_at, created_at`;

/**
 * `count` ledger entries in one INSERT … SELECT, in the moves' column shape and key scheme, each
 * applied by the trigger in turn. balance_after and version cannot come from the user's row here
 * (one statement reads it once), so they are computed from the state the caller knows the user is
 * in (`credits`, `version`), entry by entry; the trigger still checks each against the row it
 * updates, and aborts the whole seed on any mismatch.
 * Rows are numbered i = 0 … count-1; `user(i)` picks each row's user (SQL over `i`), and `perUser`
 * says how many rows each user had before row i (SQL over `i`) for its running balance.
 */
export function movesSql(opts: {
  kind: 'grant' | 'spend';
  amount: number;
  count: number;
  keyPrefix: string;
  now: number;
  expiresAt?: number | null;
  /** SQL over `i`: the user id of row i. */
  user: string;
  /** SQL over `i`: how many of this user's seeded rows come before row i. */
  before: string;
  credits: number;
  version: number;
}): string {
  const delta = opts.kind === 'grant' ? opts.amount : -opts.amount;
  const fingerprint =
    opts.kind === 'grant'
      ? JSON.stringify([opts.amount, 'bench seed', opts.expiresAt ?? null])
      : JSON.stringify([opts.amount, 'bench seed']);
  const n = `(${opts.before} + 1)`;
  return `INSERT INTO ledger_entries (${COLUMNS})
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${opts.count - 1})
SELECT u.id, (${delta}), ${opts.credits} + ${delta} * ${n}, ${opts.version} + ${n}, '${opts.kind}', 'bench seed',
  ${q(`${opts.kind}:${opts.keyPrefix}`)} || seq.i, ${q(fingerprint)}, NULL, NULL, NULL, ${opts.expiresAt ?? 'NULL'}, ${opts.now}
FROM seq JOIN users u ON u.id = ${opts.user} WHERE 1 ORDER BY seq.i
ON CONFLICT (user_id, idempotency_key) DO NOTHING;`;
}

/** `count` bare account rows (no password: nobody signs in as them); credits start at 0. */
export function usersSql(idPrefix: string, count: number): string {
  return `INSERT INTO users (id, email, password_hash)
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${count - 1})
SELECT ${q(idPrefix)} || i, ${q(idPrefix)} || i || '@example.test', '!' FROM seq;`;
}

export const quote = q;

/**
 * Writes the statements to a file in `dir` and runs them against the stack's local D1. Asynchronous
 * on purpose: a blocking child would also block the bench's watchdog (HARD_LIMIT_MS) for as long as
 * the seed runs.
 */
export async function runSqlFile(persistTo: string, dir: string, name: string, statements: string[]): Promise<number> {
  const file = join(dir, `${name}.sql`);
  writeFileSync(file, `${statements.join('\n')}\n`);
  const started = performance.now();
  await promisify(execFile)(
    join(REPO, 'node_modules/.bin/wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--yes'],
    {
      cwd: REPO,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  dropIdleSockets();
  return performance.now() - started;
}

/** A service API key on the stack's D1, made by the operator's own tool (`npm run keys -- create`). */
export function createApiKey(persistTo: string, name: string): string {
  const out = execFileSync(join(REPO, 'node_modules/.bin/tsx'), ['tools/cli/keys.ts', 'create', name], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, PERSIST_TO: persistTo },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dropIdleSockets();
  const secret = out.match(/cck_\S+/)?.[0];
  if (!secret) throw new Error(`keys create printed no key: ${out}`);
  return secret;
}
