// Row 4: Stripe signature verification inside workerd, run as its own vitest (bench/vitest.config.ts)
// that writes its figures to a JSON file this process reads back.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { VerifyBenchOutput } from '../workerd/clock-server';

export function runVerifyBench(repo: string, outDir: string): VerifyBenchOutput {
  const out = join(outDir, 'verify.json');
  rmSync(out, { force: true });
  const run = spawnSync(join(repo, 'node_modules/.bin/vitest'), ['run', '--config', 'bench/vitest.config.ts'], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 180_000,
    env: {
      ...process.env,
      BENCH_VERIFY_OUT: out,
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  if (run.status !== 0 || !existsSync(out)) {
    throw new Error(`the workerd verification bench failed:\n${run.stdout}\n${run.stderr}`);
  }
  const passed = `${run.stdout}`.split('\n').find((l) => /Tests\s+\d+ passed/.test(l));
  if (passed) console.log(`  vitest: ${passed.trim()}`);
  return JSON.parse(readFileSync(out, 'utf8')) as VerifyBenchOutput;
}
