// The bench's fixed settings: where the stack runs, how big each phase is, and the targets each row is held to.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEBHOOK_SECRET = 'whsec_creditcast_bench';
export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(REPO, 'bench/.out');
export const PORT = Number(process.env.BENCH_PORT ?? 8790);
export const EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 12114);
/** The whole run stops by itself after this, whatever happens. */
export const HARD_LIMIT_MS = 7 * 60_000;

// Sizes of each phase: bounded, and small enough for ~2 minutes on 2 cores.
export const VISIBLE = {
  purchases: 40,
  late: 4,
  startSpacingMs: 300,
  minDelay: 200,
  maxDelay: 3000,
  lateMin: 11_500,
  lateMax: 13_000,
};
export const PUSH = { samples: 200, warmup: 10 };
export const THROUGHPUT = { users: 100, perUser: 3, copies: 3, inFlight: 20, noopRequests: 900, blocks: 10 };
// 100 purchases: with fewer than 100 samples a nearest-rank p99 is simply the maximum.
export const FANOUT = { sockets: 200, purchases: 100, warmup: 2 };
export const BREAKDOWN = {
  samples: 100,
  warmup: 5,
  fresh: 40,
  spaced: 30,
  gapMs: 150,
  ceilingRequests: 450,
  inFlight: 20,
};
export const VERIFY_N = 2000;
/** Before starting, wait (at most waitMs) until other processes use at most busyMax of the CPU. */
export const QUIET = { busyMax: 0.35, waitMs: Number(process.env.BENCH_QUIET_WAIT_S ?? 45) * 1000 };

export const TARGETS = {
  visibleRatio: 75,
  pushVsNoop: 2,
  throughputShare: 0.5,
  verifyUs: 100,
  workerGzipKiB: 100,
  successPageGzipKiB: 30,
  fanoutVsPush: 5,
};
