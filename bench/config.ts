// The bench's fixed settings: where the stack runs, how big each phase is, and the targets each row is held to.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEBHOOK_SECRET = 'whsec_creditcast_bench';
export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(REPO, 'bench/.out');
export const PORT = Number(process.env.BENCH_PORT ?? 8790);
export const EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 12114);
/**
 * BENCH_SMOKE=1: every phase at a token size, to check the bench end to end in about a minute. Its
 * figures mean nothing, so it writes its report to bench/.out/smoke/ and leaves RESULTS.md alone.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';
/** Where RESULTS.md, the chart and history.jsonl go. */
export const REPORT_DIR = SMOKE ? join(OUT, 'smoke') : join(REPO, 'bench');
export const HISTORY_FILE = SMOKE ? join(OUT, 'smoke/history.jsonl') : join(OUT, 'history.jsonl');
/**
 * The whole run stops by itself after this, whatever happens. A quiet 2-core machine needs about
 * 5 minutes; a busy one can need twice that (BENCH_HARD_LIMIT_MIN raises it).
 */
export const HARD_LIMIT_MS = Number(process.env.BENCH_HARD_LIMIT_MIN ?? 12) * 60_000;

// Sizes of each phase: bounded, and small enough for ~2 minutes on 2 cores.
export const VISIBLE = {
  purchases: SMOKE ? 6 : 40,
  late: SMOKE ? 1 : 4,
  startSpacingMs: 300,
  minDelay: 200,
  maxDelay: 3000,
  lateMin: 11_500,
  lateMax: 13_000,
};
export const PUSH = SMOKE ? { samples: 10, warmup: 2 } : { samples: 200, warmup: 10 };
export const THROUGHPUT = SMOKE
  ? { users: 4, perUser: 2, copies: 3, inFlight: 4, noopRequests: 24, blocks: 2 }
  : { users: 100, perUser: 3, copies: 3, inFlight: 20, noopRequests: 900, blocks: 10 };
// 100 purchases: with fewer than 100 samples a nearest-rank p99 is simply the maximum.
// 50 sockets: the BalanceRoom's per-user cap (MAX_SOCKETS_PER_USER); one more would close the oldest.
export const FANOUT = SMOKE ? { sockets: 5, purchases: 4, warmup: 1 } : { sockets: 50, purchases: 100, warmup: 2 };
export const BREAKDOWN = SMOKE
  ? { samples: 4, warmup: 1, fresh: 2, spaced: 2, gapMs: 150, ceilingRequests: 20, inFlight: 4 }
  : { samples: 100, warmup: 5, fresh: 40, spaced: 30, gapMs: 150, ceilingRequests: 450, inFlight: 20 };
export const VERIFY_N = 2000;
/**
 * Rows 7a–7d (ledger v2 and the service API). holds: rounds of purchase, cookie hold + capture,
 * hold + release, service hold + capture and /me. spend: a user with `lots` active lots and `rows`
 * ledger entries vs a fresh user. sweep: `lots` expired lots across `users` accounts, one cron run.
 */
export const LEDGER = SMOKE
  ? {
      holds: { rounds: 6, warmup: 1 },
      spend: { lots: 5, rows: 500, samples: 6, warmup: 1 },
      sweep: { lots: 200, users: 10 },
    }
  : {
      holds: { rounds: 60, warmup: 3 },
      // Seeding runs every entry through the ledger trigger (about 1 ms each in SQLite): 20,000 rows
      // take under a minute; BENCH_SPEND_ROWS=100000 measures the long-ledger case in a few minutes more.
      spend: { lots: 50, rows: Number(process.env.BENCH_SPEND_ROWS ?? 20_000), samples: 60, warmup: 3 },
      sweep: { lots: 10_000, users: 100 },
    };
/**
 * Row 8 (webhooks out, issue 21): `samples` purchases one at a time (push and delivery each), then
 * `users` users purchasing at once, `perUser` purchases each.
 */
export const HOOKS_OUT = SMOKE
  ? { samples: 6, warmup: 1, users: 4, perUser: 2 }
  : { samples: 60, warmup: 3, users: 20, perUser: 10 };
/**
 * Row 9 (auto top-up, issue 22): `rounds` pairs of fresh users (auto top-up on / off), one spend
 * crossing the threshold each, after `warmup` pairs.
 */
export const AUTO_TOPUP = SMOKE ? { rounds: 5, warmup: 1 } : { rounds: 40, warmup: 3 };
/** The CPU limit the sweep is held to: a cron trigger's default on the Workers paid plan (30 s). */
export const CRON_CPU_LIMIT_MS = 30_000;
/** Before starting, wait (at most waitMs) until other processes use at most busyMax of the CPU. */
export const QUIET = { busyMax: 0.35, waitMs: Number(process.env.BENCH_QUIET_WAIT_S ?? 45) * 1000 };

export const TARGETS = {
  visibleRatio: 75,
  pushVsNoop: 2,
  throughputShare: 0.5,
  verifyUs: 100,
  workerGzipKiB: 100,
  successPageGzipKiB: 30,
  clientGzipKiB: 5,
  fanoutVsPush: 5,
  holdPushVsPurchase: 1.2,
  spendHeavyVsFresh: 1.3,
  serviceVsCookie: 1.2,
  /** Row 2b (issue 19 item 10): push p50 ≤ this × `GET /api/auth/me` p50 (one D1 round trip). */
  pushVsMe: 1.5,
  /** Row 8 (issue 21): receiver p50 ≤ this × the push p50 measured with it. */
  receiverVsPush: 2,
  /** Row 9b (issue 22): the spend's p50 with auto top-up on ≤ this × with it off. */
  topupSpendOnVsOff: 1.1,
};
