// Runs SQL against the app's D1 through wrangler: the local database `npm run dev` uses (or
// PERSIST_TO's), or with --remote the deployed one. For the operator tools (keys, admin), which
// act on the database directly, as the console's routes do, and write the same audit rows.
import { execFileSync } from 'node:child_process';

export interface D1Target {
  remote: boolean;
}

/** A SQL string literal. Values here come from this tool or are validated by it first. */
export const literal = (value: string | number | null) =>
  value === null ? 'NULL' : typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;

/** Runs one or more statements (as one batch) and returns the rows of each. */
export function d1(target: D1Target, statements: string[]): Record<string, unknown>[][] {
  const where = target.remote
    ? ['--remote']
    : ['--local', ...(process.env.PERSIST_TO ? ['--persist-to', process.env.PERSIST_TO] : [])];
  const out = execFileSync(
    'node_modules/.bin/wrangler',
    ['d1', 'execute', 'DB', ...where, '--json', '--command', statements.join(';\n')],
    {
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const parsed = JSON.parse(out) as { results: Record<string, unknown>[] }[];
  return parsed.map((r) => r.results);
}

/** Splits `argv` into positional words and the `--remote` flag. */
export function parseArgs(argv: string[]): { words: string[]; target: D1Target } {
  return { words: argv.filter((a) => !a.startsWith('--')), target: { remote: argv.includes('--remote') } };
}

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
