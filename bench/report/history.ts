// bench/.out/history.jsonl (git-ignored): one line of key ratios per run, and the last few read back
// for RESULTS.md's Stability table.
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { HISTORY_FILE, REPO } from '../config';
import type { Figures } from './rows';
import type { BenchRun } from './run-data';

export interface HistoryEntry {
  date: string;
  commit?: string;
  busy?: number | null;
  seed: number;
  visibleRatio: number;
  pushVsNoop: number;
  throughputShare: number;
  verifyUs: number;
  workerGzip: number;
  successGzip: number | null;
  fanoutVsPush: number;
}

/** Appends this run and returns the last 8 runs, this one included. */
export function recordHistory(run: BenchRun, f: Figures): HistoryEntry[] {
  const historyFile = HISTORY_FILE;
  const git = (args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  const summary: HistoryEntry = {
    date: run.startedAt.toISOString(),
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--', 'worker', 'wrangler.toml', 'migrations']) ? '+dirty' : ''}`,
    busy: run.background.before,
    seed: run.seed,
    visibleRatio: f.visRatio,
    pushVsNoop: f.pushRatio,
    throughputShare: f.share,
    verifyUs: run.verify.usPerEvent,
    workerGzip: run.sizes.worker.gzip,
    successGzip: f.success?.gzip ?? null,
    fanoutVsPush: f.fanRatio,
  };
  appendFileSync(historyFile, `${JSON.stringify(summary)}\n`);
  return readFileSync(historyFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as HistoryEntry)
    .slice(-8);
}
