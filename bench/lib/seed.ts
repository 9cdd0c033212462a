// Bulk seeding of ledger history for the ledger rows (7b, 7c): generated SQL run with `wrangler d1
// execute --local --persist-to <the stack's state> --file`. Every credit moves as the ledger's own
// move does (worker/ledger/commit.ts: one INSERT … SELECT per entry, balance_after and version
// computed from the user's row, keyed, ON CONFLICT DO NOTHING), so the ledger trigger keeps the
// balance, the lots and the draws exactly as the app would; only the HTTP and batching are skipped.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../config';

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** One ledger entry in the shape of a move: `grant` (opens a lot, optionally expiring) or `spend`. */
export function moveSql(
  userId: string,
  kind: 'grant' | 'spend',
  amount: number,
  key: string,
  now: number,
  expiresAt: number | null = null,
): string {
  const delta = kind === 'grant' ? amount : -amount;
  const fingerprint =
    kind === 'grant' ? JSON.stringify([amount, 'bench seed', expiresAt]) : JSON.stringify([amount, 'bench seed']);
  return `INSERT INTO ledger_entries (user_id, delta, balance_after, version, kind, reference, idempotency_key, fingerprint, lot_id, hold_id, source_entry_id, expires_at, created_at)
SELECT u.id, (${delta}), u.credits + (${delta}), u.version + 1, '${kind}', 'bench seed', ${q(`${kind}:${key}`)}, ${q(fingerprint)}, NULL, NULL, NULL, ${expiresAt ?? 'NULL'}, ${now}
FROM users u WHERE u.id = ${q(userId)} ON CONFLICT (user_id, idempotency_key) DO NOTHING;`;
}

/** A bare account row for the sweep's many users (no password: nobody signs in as them); credits start at 0. */
export function userSql(id: string, email: string): string {
  return `INSERT INTO users (id, email, password_hash) VALUES (${q(id)}, ${q(email)}, '!');`;
}

/** Writes the statements to a file in `dir` and runs them against the stack's local D1. */
export function runSqlFile(persistTo: string, dir: string, name: string, statements: string[]): number {
  const file = join(dir, `${name}.sql`);
  writeFileSync(file, `${statements.join('\n')}\n`);
  const started = performance.now();
  execFileSync(
    join(REPO, 'node_modules/.bin/wrangler'),
    ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--yes'],
    {
      cwd: REPO,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
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
  const secret = out.match(/cck_\S+/)?.[0];
  if (!secret) throw new Error(`keys create printed no key: ${out}`);
  return secret;
}
