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

/** How often a local run is tried while `npm run dev`'s Worker holds the database's write lock. */
const LOCAL_TRIES = 5;
const isBusy = (stderr: string) => /SQLITE_BUSY|database is locked/i.test(stderr);

/** Blocks this (command-line) process for `ms`: the tools are synchronous, one call after another. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs one or more statements (as one call) and returns the rows of each. Locally the running Worker
 * shares the SQLite file, so a write can meet its lock: that is tried again, with a growing pause.
 * Any other failure is thrown at once, with what wrangler printed.
 */
export function d1(target: D1Target, statements: string[]): Record<string, unknown>[][] {
  const where = target.remote
    ? ['--remote']
    : ['--local', ...(process.env.PERSIST_TO ? ['--persist-to', process.env.PERSIST_TO] : [])];
  for (let attempt = 1; ; attempt++) {
    try {
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
    } catch (err) {
      const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
      const printed = `${stderr}\n${stdout}`;
      if (!target.remote && attempt < LOCAL_TRIES && isBusy(printed)) {
        pause(100 * 2 ** attempt);
        continue;
      }
      throw new Error(`wrangler d1 execute failed: ${printed.trim() || String(err)}`);
    }
  }
}

/** Splits `argv` into positional words and the `--remote` flag. */
export function parseArgs(argv: string[]): { words: string[]; target: D1Target } {
  return { words: argv.filter((a) => !a.startsWith('--')), target: { remote: argv.includes('--remote') } };
}

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
