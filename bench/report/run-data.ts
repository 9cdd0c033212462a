// What one bench run measured, handed from the phases to the report: the raw results and the figures derived from them.

import type { LiveResults } from '../phases/live';
import type { Background } from '../phases/quiet';
import type { ClientSize, SiteSizes, WorkerSize } from '../phases/sizes';
import type { VerifyBenchOutput } from '../workerd/clock-server';

export interface BenchRun {
  seed: number;
  startedAt: Date;
  /** performance.now() when the run started. */
  t0: number;
  background: Background;
  /** Whether this run built site/dist (it was missing). */
  built: boolean;
  sizes: { worker: WorkerSize; site: SiteSizes; client: ClientSize };
  verify: VerifyBenchOutput;
  live: LiveResults;
}

export interface Row {
  n: string;
  name: string;
  result: string;
  target: string;
  pass: boolean;
}
