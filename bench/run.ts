// `npm run bench`: Creditcast's benchmarks. Sizes and the in-workerd signature cost first, then the
// bench's own dev stack (tools/dev.sh on 127.0.0.1:8790 / :12114, temp vars and state) for the
// live-path rows, torn down by process group at the end. Writes bench/RESULTS.md and
// bench/time-to-visible.svg, and prints the results. Every ratio is measured within this run.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevStack, startDevStack } from '../tools/dev-stack';
import { AppClient, preparePurchases } from './lib/app';
import { cdfSvg } from './lib/chart';
import { destroyAgent, pool } from './lib/http';
import { cpuBusy, load1, machineLine } from './lib/machine';
import { kib, mean, median, ms, percentile, progress, ratio } from './lib/stats';
import { breakdown, breakdownPurchasesNeeded } from './phases/breakdown';
import { fanout, pushVsNoop } from './phases/push';
import { ensureSiteBuilt, measureSite, measureWorker, siteDist } from './phases/sizes';
import { checkCreditedOnce, loadInterleaved, shuffle, shuffledDeliveries } from './phases/throughput';
import { POLL_LAST_MS, timeToVisible, visibleWaits } from './phases/visible';
import type { VerifyBenchOutput } from './workerd/clock-server';

const WEBHOOK_SECRET = 'whsec_creditcast_bench';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(REPO, 'bench/.out');
const PORT = Number(process.env.BENCH_PORT ?? 8790);
const EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 12114);
/** The whole run stops by itself after this, whatever happens. */
const HARD_LIMIT_MS = 7 * 60_000;

// Sizes of each phase: bounded, and small enough for ~2 minutes on 2 cores.
const VISIBLE = {
  purchases: 40,
  late: 4,
  startSpacingMs: 300,
  minDelay: 200,
  maxDelay: 3000,
  lateMin: 11_500,
  lateMax: 13_000,
};
const PUSH = { samples: 200, warmup: 10 };
const THROUGHPUT = { users: 100, perUser: 3, copies: 3, inFlight: 20, noopRequests: 900, blocks: 10 };
// 100 purchases: with fewer than 100 samples a nearest-rank p99 is simply the maximum.
// 50 sockets: the BalanceRoom's per-user cap (MAX_SOCKETS_PER_USER); one more would close the oldest.
const FANOUT = { sockets: 50, purchases: 100, warmup: 2 };
const BREAKDOWN = { samples: 100, warmup: 5, fresh: 40, spaced: 30, gapMs: 150, ceilingRequests: 450, inFlight: 20 };
const VERIFY_N = 2000;
/** Before starting, wait (at most waitMs) until other processes use at most busyMax of the CPU. */
const QUIET = { busyMax: 0.35, waitMs: Number(process.env.BENCH_QUIET_WAIT_S ?? 45) * 1000 };

const TARGETS = {
  visibleRatio: 75,
  pushVsNoop: 2,
  throughputShare: 0.5,
  verifyUs: 100,
  workerGzipKiB: 100,
  successPageGzipKiB: 30,
  fanoutVsPush: 5,
};

// ---------------------------------------------------------------------------------------------

/** Deterministic randomness for the delays and the shuffle (seed printed, BENCH_SEED repeats it). */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);
const random = mulberry32(seed);
const phaseTimes: Record<string, number> = {};

async function phase<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  console.log(`\n▶ ${name}`);
  const t = performance.now();
  try {
    return await fn();
  } finally {
    phaseTimes[name] = (performance.now() - t) / 1000;
    console.log(`  (${phaseTimes[name]!.toFixed(1)} s)`);
  }
}

/** p95 ranking never-visible purchases last, and (when that lands on one) the p95 of those shown. */
function p95WithMissing(values: (number | null)[]): string {
  const all = medianWithMissing(values, 95);
  if (all !== Number.POSITIVE_INFINITY) return ms(all);
  const shown = values.filter((v): v is number => v !== null);
  return `never (of the ${shown.length} shown: ${ms(percentile(shown, 95))})`;
}

/** Median where a missing sample (never visible) ranks above every real one. */
function medianWithMissing(values: (number | null)[], p = 50): number {
  return percentile(
    values.map((v) => (v === null ? Number.POSITIVE_INFINITY : v)),
    p,
  );
}

/** min–max of the per-block ratio a/b of two interleaved runs. */
function blockSpread(a: { blockRates?: number[] }, b: { blockRates?: number[] }): string {
  const r = (a.blockRates ?? []).map((x, i) => x / (b.blockRates?.[i] ?? Number.NaN)).filter(Number.isFinite);
  return r.length ? `${Math.round(Math.min(...r) * 100)}–${Math.round(Math.max(...r) * 100)}%` : '—';
}

const pct = (x: number | null) => (x === null ? '?' : `${Math.round(x * 100)}%`);

function runVerifyBench(): VerifyBenchOutput {
  const out = join(OUT, 'verify.json');
  rmSync(out, { force: true });
  const run = spawnSync(join(REPO, 'node_modules/.bin/vitest'), ['run', '--config', 'bench/vitest.config.ts'], {
    cwd: REPO,
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

// ---------------------------------------------------------------------------------------------

/**
 * What we found when a row misses, investigated with the diagnostics section below (and A/B runs
 * of patched Workers). Printed only for rows that miss in this run.
 */
const MISS_REASONS: Record<string, string> = {
  '1': "The polling median is fixed by the seed's poll grid; the push median moves with machine load (each idle hop of the local stack pays to wake up). On a quiet machine this row passes (see Stability).",
  '2': "A purchase may only be pushed after its D1 batch commits, and under `wrangler dev` one local D1 round trip alone costs about as much as the whole no-op (see the diagnostics: `/me`, one D1 read, is already ~2.2× the no-op). The webhook path is one D1 batch (ledger row, balance via trigger, status, event record) plus one Durable Object call; removing the log line, sending frames before the room's version write, or warming the room changed nothing measurable. Reaching 2× would mean committing the credit outside D1 (e.g. inside the user's Durable Object) before writing D1, a different design of where the ledger lives, which we chose not to make: D1 stays the single source of truth. Against a one-round-trip request (`/me`) the push is ~1.4×.",
  '3': 'First deliveries are bound by local D1 (one write each; at 20 in flight a route with a single D1 *read* already runs at ~38% of the no-op). Known duplicates already skip D1 through the per-isolate event memo. What remains on them is mostly the `stripe_webhook` JSON log line, which `wrangler dev` forwards per call (~0.85 ms each here; an A/B without it gained ~20% on D1-free deliveries); the issue asks for one log line per webhook, so we keep it. In production, Workers Logs are collected asynchronously and D1 is not on the same 2 cores.',
  '6': "The room's publish is one JSON.stringify and one send per socket; the spread from the first to the last socket is a few ms. The p99 is driven by CPU contention: under `wrangler dev` the Worker, the room, wrangler's proxy (relaying each socket) and the Node client that parses every frame all share 2 cores. Compare the fan-out p50 with a single push, and the p99 with the interleaved single push, in Details row 6: the tail moves from run to run with the machine (see Stability).",
};

interface Row {
  n: string;
  name: string;
  result: string;
  target: string;
  pass: boolean;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const startedAt = new Date();
  const t0 = performance.now();
  console.log(`Creditcast bench — seed ${seed}, stack on 127.0.0.1:${PORT} (emulator :${EMULATOR_PORT})`);
  // Other processes share these cores: give them a moment to quiet down (bounded), and record it.
  let busy = await cpuBusy(1000);
  const quietSince = performance.now();
  while (busy !== null && busy > QUIET.busyMax && performance.now() - quietSince < QUIET.waitMs) {
    console.log(
      `  other processes keep ${pct(busy)} of the CPU busy: waiting up to ${QUIET.waitMs / 1000} s for a quieter moment …`,
    );
    busy = await cpuBusy(3000);
  }
  const background = { before: busy, load1Before: load1(), after: null as number | null, load1After: 0 };
  console.log(
    `  other processes keep ${pct(background.before)} of the CPU busy as the bench starts (load average ${background.load1Before.toFixed(2)})`,
  );

  // ---- Row 5: sizes (no stack needed) --------------------------------------------------------
  const built = ensureSiteBuilt(REPO);
  const sizes = await phase('5. sizes: Worker bundle (wrangler deploy --dry-run --minify) and site JS per page', () => {
    const worker = measureWorker(REPO);
    const site = measureSite(siteDist(REPO));
    console.log(`  worker: ${kib(worker.gzip)} gzip (${kib(worker.raw)} minified)`);
    for (const p of site.pages) console.log(`  ${p.page}: ${kib(p.gzip)} gzip in ${p.chunks.length} chunks`);
    return { worker, site };
  });

  // ---- Row 4: signature verification inside workerd ------------------------------------------
  const verify = await phase(`4. signature verification inside workerd (vitest-pool-workers, N=${VERIFY_N})`, () => {
    const v = runVerifyBench();
    console.log(
      `  ${v.usPerEvent.toFixed(1)} µs/event (Node clock); workerd clock: ${v.inWorkerdUsPerEvent?.toFixed(1) ?? 'did not advance'}`,
    );
    return v;
  });

  // ---- The stack ------------------------------------------------------------------------------
  let stack: DevStack | undefined;
  const teardown = async () => {
    if (!stack) return { leftover: [] as string[] };
    const s = stack;
    stack = undefined;
    destroyAgent();
    return s.stop();
  };
  const onSignal = (sig: string) => {
    console.error(`\n${sig}: stopping the bench stack …`);
    void teardown().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const watchdog = setTimeout(
    () => {
      console.error(`\nThe bench ran over ${HARD_LIMIT_MS / 60000} minutes: stopping.`);
      void teardown().finally(() => process.exit(1));
    },
    HARD_LIMIT_MS - (performance.now() - t0),
  );

  let teardownReport: { leftover: string[] } = { leftover: [] };
  // biome-ignore lint/suspicious/noImplicitAnyLet: assigned by the phases below (split in a later commit)
  let visible, push, through, fan, diag;
  try {
    stack = await phase('stack: tools/dev.sh (emulator + wrangler dev), fresh state', () =>
      startDevStack({
        label: 'bench',
        port: PORT,
        emulatorPort: EMULATOR_PORT,
        logFile: join(OUT, 'stack.log'),
        secretKey: 'sk_test_creditcast_bench',
        webhookSecret: WEBHOOK_SECRET,
      }),
    );
    const app = new AppClient(stack.appUrl, stack.emulatorUrl, WEBHOOK_SECRET);
    // Nothing is delivered by the emulator in this bench: we sign and deliver every event ourselves.
    await fetch(`${stack.emulatorUrl}/_emulator/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhookUrl: '' }),
    }).then((r) => r.arrayBuffer());
    // Warm the isolate, the D1 file and the Durable Object code paths.
    await phase('warm-up', async () => {
      const [warm] = await preparePurchases(app, 1, 6, 3, 'warm-up');
      const socket = await app.openLive(warm![0]!.user, () => {});
      for (const p of warm!) await app.deliver(p.payload);
      await app.deliver(warm![0]!.payload);
      socket.close();
      await pool(50, 10, () => app.health());
    });

    // ---- Row 1 ----------------------------------------------------------------------------------
    visible = await phase(`1. time to visible credits: push vs polling (${VISIBLE.purchases} purchases)`, async () => {
      const purchases = (await preparePurchases(app, VISIBLE.purchases, 1, 4, 'row 1')).map((x) => x[0]!);
      // Jittered strata rather than independent draws: every run covers the range evenly, so the
      // polling side (which depends on where each delay falls on the poll grid) varies less.
      const onTime = VISIBLE.purchases - VISIBLE.late;
      const delays = purchases.map((_, i) =>
        i < VISIBLE.late
          ? VISIBLE.lateMin + ((i + random()) / VISIBLE.late) * (VISIBLE.lateMax - VISIBLE.lateMin)
          : VISIBLE.minDelay + ((i - VISIBLE.late + random()) / onTime) * (VISIBLE.maxDelay - VISIBLE.minDelay),
      );
      // Spread the late ones through the run.
      const order = shuffle(
        purchases.map((_, i) => i),
        random,
      );
      const samples = await timeToVisible(
        app,
        order.map((i) => purchases[i]!),
        {
          startSpacingMs: VISIBLE.startSpacingMs,
          delays: order.map((i) => delays[i]!),
          pushTimeoutMs: 5000,
          onProgress: progress('purchases observed', 10, purchases.length),
        },
      );
      return samples;
    });

    // ---- Row 2 ----------------------------------------------------------------------------------
    push = await phase(`2. push latency vs no-op, interleaved (${PUSH.samples} each)`, async () => {
      const [purchases] = await preparePurchases(app, 1, PUSH.samples + PUSH.warmup, 8, 'row 2');
      return pushVsNoop(app, purchases!, PUSH.warmup, progress('webhook+push / health pairs', 50, PUSH.samples));
    });

    // ---- Diagnostics for rows 2 and 3 ------------------------------------------------------------
    diag = await phase('diagnostics: cost of each step of a webhook, one at a time and at 20 in flight', async () => {
      const [purchases] = await preparePurchases(app, 1, breakdownPurchasesNeeded(BREAKDOWN), 8, 'diagnostics');
      return breakdown(app, purchases!, BREAKDOWN);
    });

    // ---- Row 6 ----------------------------------------------------------------------------------
    fan = await phase(`6. fan-out: one user, ${FANOUT.sockets} sockets, ${FANOUT.purchases} purchases`, async () => {
      const [purchases] = await preparePurchases(app, 1, FANOUT.purchases + FANOUT.warmup, 8, 'row 6');
      const [singles] = await preparePurchases(app, 1, FANOUT.purchases + FANOUT.warmup, 8, 'row 6 baseline');
      const every = { 'sockets open': 50, purchases: 25 } as Record<string, number>;
      return fanout(app, purchases![0]!.user, purchases!, singles!, FANOUT.sockets, FANOUT.warmup, (label, done) => {
        if (done % (every[label] ?? 10) === 0) console.log(`  ${label}: ${done}`);
      });
    });

    // ---- Row 3 ----------------------------------------------------------------------------------
    through = await phase(
      `3. webhook throughput at ${THROUGHPUT.inFlight} in flight vs no-op (${THROUGHPUT.users * THROUGHPUT.perUser} sessions × ${THROUGHPUT.copies})`,
      async () => {
        const byUser = await preparePurchases(app, THROUGHPUT.users, THROUGHPUT.perUser, 8, 'row 3');
        const deliveries = shuffledDeliveries(byUser.flat(), THROUGHPUT.copies, random);
        const runs = await loadInterleaved(
          [
            { name: 'noop', count: THROUGHPUT.noopRequests, send: () => app.health() },
            { name: 'webhooks', count: deliveries.length, send: (i) => app.deliver(deliveries[i]!.payload) },
          ],
          THROUGHPUT.inFlight,
          THROUGHPUT.blocks,
          (name, block) => {
            if (block % 2 === 0) console.log(`  ${name}: block ${block}/${THROUGHPUT.blocks}`);
          },
        );
        const noop = runs.noop!;
        const hooks = runs.webhooks!;
        const check = await checkCreditedOnce(app, byUser);
        console.log(
          `  credited exactly once: ${check.creditedOnce}/${check.sessions} (missing ${check.missing}, duplicated ${check.duplicated}, balance mismatches ${check.balanceMismatches})`,
        );
        return { noop, hooks, check };
      },
    );
  } finally {
    clearTimeout(watchdog);
    teardownReport = await phase('teardown: stop the stack by process group', async () => {
      const r = await teardown();
      console.log(
        r.leftover.length === 0
          ? '  no process of the stack is left (pgrep -g), ports closed'
          : `  LEFT OVER: ${r.leftover.join('; ')}`,
      );
      return r;
    });
    background.after = await cpuBusy(1000);
    background.load1After = load1();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  // ---- Figures --------------------------------------------------------------------------------
  const rows: Row[] = [];

  // Row 1
  const waits = visible.map(visibleWaits);
  const pushAfterStart = waits.map((w) => w.pushAfterStart);
  const pollAfterStart = waits.map((w) => w.pollAfterStart);
  const pushAfterResp = waits.map((w) => (w.pushAfterResponse === null ? null : Math.max(0, w.pushAfterResponse)));
  const pollAfterResp = waits.map((w) => (w.pollAfterResponse === null ? null : Math.max(0, w.pollAfterResponse)));
  const pushBeforeResponse = waits.filter((w) => w.pushAfterResponse !== null && w.pushAfterResponse <= 0).length;
  const pollNever = visible.filter((s) => s.pollShownAt === null).length;
  const pushNever = visible.filter((s) => s.pushAt === null).length;
  const webhookFailures = visible.filter((s) => s.webhookStatus !== 200).length;
  const pollsPerPurchase = mean(visible.map((s) => s.polls));
  const visRatio = medianWithMissing(pollAfterStart) / medianWithMissing(pushAfterStart);
  rows.push({
    n: '1',
    name: `Time to visible credits after the webhook, push vs the seed's polling (${visible.length} purchases)`,
    result:
      `push median ${ms(medianWithMissing(pushAfterStart))}, p95 ${p95WithMissing(pushAfterStart)}; ` +
      `polling median ${ms(medianWithMissing(pollAfterStart))}, p95 ${p95WithMissing(pollAfterStart)}; ` +
      `**${ratio(visRatio)}**; polling never showed ${pollNever}/${visible.length}; requests/purchase: socket 1 upgrade, polling ${pollsPerPurchase.toFixed(2)} × /me`,
    target: `push median ≥ ${TARGETS.visibleRatio}× better`,
    pass: visRatio >= TARGETS.visibleRatio && pushNever === 0 && webhookFailures === 0,
  });

  // Row 2
  const pushP50 = median(push.pushMs);
  const noopP50 = median(push.noopMs);
  const pushRatio = pushP50 / noopP50;
  rows.push({
    n: '2',
    name: `Push latency (webhook start → message on an open socket) vs no-op GET /api/health, interleaved, ${push.pushMs.length} each`,
    result:
      `push p50 ${ms(pushP50)}, p95 ${ms(percentile(push.pushMs, 95))}; no-op p50 ${ms(noopP50)}, p95 ${ms(percentile(push.noopMs, 95))}; ` +
      `**${ratio(pushRatio)}** (push = ${ratio(median(diag.sequential.push) / median(diag.sequential.me))} a \`GET /api/auth/me\`, which makes one D1 round trip: see the diagnostics)` +
      (push.missed ? `; ${push.missed} pushes missed` : ''),
    target: `push p50 ≤ ${TARGETS.pushVsNoop}× no-op p50`,
    pass: pushRatio <= TARGETS.pushVsNoop && push.missed === 0 && push.non2xx === 0,
  });

  // Row 3
  const noopRate = through.noop.perSecond;
  const share = through.hooks.perSecond / noopRate;
  const allOk = through.check.creditedOnce === through.check.sessions && through.check.balanceMismatches === 0;
  rows.push({
    n: '3',
    name: `Webhook throughput at ${THROUGHPUT.inFlight} in flight: ${through.check.sessions} sessions + 2× duplicates, shuffled (${through.hooks.requests} deliveries)`,
    result:
      `${through.hooks.perSecond.toFixed(0)} deliveries/s (p50 ${ms(percentile(through.hooks.latenciesMs, 50))}, p99 ${ms(percentile(through.hooks.latenciesMs, 99))}, non-2xx ${through.hooks.non2xx + through.hooks.errors}); ` +
      `no-op ${noopRate.toFixed(0)}/s (p50 ${ms(percentile(through.noop.latenciesMs, 50))}, p99 ${ms(percentile(through.noop.latenciesMs, 99))}); ` +
      `**${(share * 100).toFixed(0)}%**; credited exactly once ${through.check.creditedOnce}/${through.check.sessions}`,
    target: `≥ ${TARGETS.throughputShare * 100}% of no-op/s, every session credited once`,
    pass: share >= TARGETS.throughputShare && allOk && through.hooks.non2xx + through.hooks.errors === 0,
  });

  // Row 4
  rows.push({
    n: '4',
    name: `Stripe signature verification inside workerd (verifyStripeEvent, ${verify.payloadBytes} B event, N=${verify.n})`,
    result:
      `**${verify.usPerEvent.toFixed(1)} µs/event** (Node clock around the loop, minus an empty pair); ` +
      `workerd's own clock: ${verify.inWorkerdUsPerEvent === null ? 'did not advance' : `${verify.inWorkerdUsPerEvent.toFixed(1)} µs/event`}`,
    target: `≤ ${TARGETS.verifyUs} µs`,
    pass: verify.usPerEvent <= TARGETS.verifyUs,
  });

  // Row 5
  const success = sizes.site.pages.find((p) => p.page.startsWith('success'));
  rows.push({
    n: '5a',
    name: 'Worker bundle, minified + gzip (wrangler deploy --dry-run --minify)',
    result: `**${kib(sizes.worker.gzip)}** gzip (${kib(sizes.worker.raw)} minified)`,
    target: `≤ ${TARGETS.workerGzipKiB} KiB`,
    pass: sizes.worker.gzip <= TARGETS.workerGzipKiB * 1024,
  });
  rows.push({
    n: '5b',
    name: 'Success page JavaScript, gzip (every chunk it loads)',
    result: success
      ? `**${kib(success.gzip)}** gzip in ${success.chunks.length} chunks (${kib(success.raw)} raw)`
      : 'success page chunk not found',
    target: `≤ ${TARGETS.successPageGzipKiB} KiB`,
    pass: !!success && success.gzip <= TARGETS.successPageGzipKiB * 1024,
  });

  // Row 6
  const fanP99 = percentile(fan.allMs, 99);
  const fanRatio = fanP99 / pushP50;
  rows.push({
    n: '6',
    name: `Fan-out: one user, ${fan.sockets} open sockets, ${fan.allMs.length} purchases: webhook start → all ${fan.sockets} have the message`,
    result:
      `p50 ${ms(median(fan.allMs))}, p99 ${ms(fanP99)}, max ${ms(Math.max(...fan.allMs))} (first socket p50 ${ms(median(fan.firstMs))}; per socket p99 ${ms(percentile(fan.perSocketMs, 99))}); ` +
      `**${ratio(fanRatio)}** the single-socket push p50 (${ms(pushP50)})` +
      (fan.missed ? `; ${fan.missed} socket deliveries missed` : ''),
    target: `p99 ≤ ${TARGETS.fanoutVsPush}× single-socket push p50`,
    pass: fanRatio <= TARGETS.fanoutVsPush && fan.missed === 0,
  });

  // ---- Chart ---------------------------------------------------------------------------------
  const svg = cdfSvg({
    title: 'Time to visible credits after the webhook: push vs polling',
    subtitle: `${visible.length} purchases, webhook ${VISIBLE.minDelay / 1000}–${VISIBLE.maxDelay / 1000} s after the redirect (${VISIBLE.late} late, > ${POLL_LAST_MS / 1000} s); log time axis`,
    xLabel: "wait from the webhook request's start until the credits are visible (log scale)",
    series: [
      {
        label: 'push (WebSocket)',
        color: '#4f46e5',
        values: pushAfterStart.filter((v): v is number => v !== null),
        total: visible.length,
        missingNote: pushNever ? `${pushNever} never` : undefined,
      },
      {
        label: "polling (seed's plan: 1 s, then every 2 s, 5 retries)",
        color: '#dc2626',
        values: pollAfterStart.filter((v): v is number => v !== null),
        total: visible.length,
        missingNote: `${pollNever} never shown`,
      },
    ],
  });
  writeFileSync(join(REPO, 'bench/time-to-visible.svg'), svg);

  // ---- History (bench/.out is git-ignored): how stable the ratios are across runs ----------------
  const historyFile = join(OUT, 'history.jsonl');
  const git = (args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout.trim();
  const summary = {
    date: startedAt.toISOString(),
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${git(['status', '--porcelain', '--', 'worker', 'wrangler.toml', 'migrations']) ? '+dirty' : ''}`,
    busy: background.before,
    seed,
    visibleRatio: visRatio,
    pushVsNoop: pushRatio,
    throughputShare: share,
    verifyUs: verify.usPerEvent,
    workerGzip: sizes.worker.gzip,
    successGzip: success?.gzip ?? null,
    fanoutVsPush: fanRatio,
  };
  appendFileSync(historyFile, `${JSON.stringify(summary)}\n`);
  const history = readFileSync(historyFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as typeof summary)
    .slice(-8);

  // ---- RESULTS.md ------------------------------------------------------------------------------
  // The stack shares the working tree: another engineer's edit to worker/ (or a site rebuild) makes
  // wrangler dev reload mid-run. Count the reloads it logged.
  const stackLog = existsSync(join(OUT, 'stack.log')) ? readFileSync(join(OUT, 'stack.log'), 'utf8') : '';
  const reloads = (stackLog.match(/Reloading local server/gi) ?? []).length;
  const totalSeconds = (performance.now() - t0) / 1000;
  const md: string[] = [];
  md.push('# Creditcast benchmark results', '');
  md.push(
    `Generated by \`npm run bench\` (bench/run.ts) on ${startedAt.toISOString()} in ${totalSeconds.toFixed(0)} s; seed ${seed} (\`BENCH_SEED=${seed} npm run bench\` repeats the delays and the shuffle).`,
    '',
    `**Machine:** ${machineLine()}; wrangler 4.86.0 (\`wrangler dev\`, local D1 and Durable Objects).`,
    '',
    `**Other load on the machine:** ${background.before !== null && background.before > QUIET.busyMax ? '⚠ **busy machine: treat these figures with care.** ' : ''}${pct(background.before)} of the CPU was busy with other processes just before the bench started (load average ${background.load1Before.toFixed(2)}), ${pct(background.after)} in the second after it stopped (load average ${background.load1After.toFixed(2)}). The bench's own stack and client share the same cores; a busy machine moves every figure, the ratios less.`,
    '',
    `**Stack:** \`tools/dev.sh\` on 127.0.0.1:${PORT} (Worker) and :${EMULATOR_PORT} (Stripe emulator), a temp vars file and fresh temp state; the client is Node on the same 2 cores (node:http keep-alive, \`ws\`). All ratios are measured side by side in this run; absolute times are \`wrangler dev\` on this machine, not production.`,
    '',
  );
  md.push('| # | benchmark | result | target | |', '|---|---|---|---|---|');
  for (const r of rows) md.push(`| ${r.n} | ${r.name} | ${r.result} | ${r.target} | ${r.pass ? 'PASS' : '**FAIL**'} |`);
  md.push('', '![Time to visible credits, push vs polling](time-to-visible.svg)', '');
  const misses = rows.filter((r) => !r.pass && MISS_REASONS[r.n]);
  if (misses.length > 0) {
    md.push('## Targets missed, and why', '');
    for (const r of misses) md.push(`- **Row ${r.n}.** ${MISS_REASONS[r.n]}`);
    md.push('');
  }

  md.push('## Details', '');
  md.push(
    `**1. Time to visible.** Each purchase is a real checkout (\`POST /api/checkout\`, its own user), paid on the emulator with \`deliverWebhooks: false\`. At t0 (the redirect) the client opens \`/api/balance/live\` (cookie + Origin) and starts a poller that only reads \`GET /api/auth/me\` at t0+1 s, then every 2 s, at most 5 retries (last at t0+${POLL_LAST_MS / 1000} s); the success page's status endpoint is not used. We deliver the signed \`checkout.session.completed\` ourselves at t0+${VISIBLE.minDelay / 1000}–${VISIBLE.maxDelay / 1000} s (one delay drawn in each of ${VISIBLE.purchases - VISIBLE.late} equal slices of that range), and for ${VISIBLE.late} purchases at ${VISIBLE.lateMin / 1000}–${VISIBLE.lateMax / 1000} s, past the poller's last try. A new purchase starts every ${VISIBLE.startSpacingMs} ms (independent buyers, many in progress at once), not from a fixed-size pool, whose refills would come in bursts synchronized by the poll grid.`,
    '',
    '| measure | push | polling |',
    '|---|---|---|',
    `| wait after the webhook's **response** was received, median / p95 (negative clamped to 0) | ${ms(medianWithMissing(pushAfterResp))} / ${p95WithMissing(pushAfterResp)} (${pushBeforeResponse}/${visible.length} pushes arrived before the webhook's own response) | ${ms(medianWithMissing(pollAfterResp))} / ${p95WithMissing(pollAfterResp)} |`,
    `| wait after the webhook request **started**, median / p95 (used for the ratio) | ${ms(medianWithMissing(pushAfterStart))} / ${p95WithMissing(pushAfterStart)} | ${ms(medianWithMissing(pollAfterStart))} / ${p95WithMissing(pollAfterStart)} |`,
    `| time from the redirect (t0) to visible, median | ${ms(medianWithMissing(visible.map((s) => s.pushAt)))} | ${ms(medianWithMissing(visible.map((s) => s.pollShownAt)))} |`,
    `| purchases never shown | ${pushNever} | ${pollNever} (webhook after the last poll) |`,
    `| socket upgrade (t0 → snapshot received), p50 / p95 | ${ms(median(visible.map((s) => s.socketOpen)))} / ${ms(
      percentile(
        visible.map((s) => s.socketOpen),
        95,
      ),
    )} | — |`,
    `| requests per purchase | 1 upgrade (+ the snapshot and 1 message on it) | ${pollsPerPurchase.toFixed(2)} × \`/me\` (mean; ${Math.max(...visible.map((s) => s.polls))} max) |`,
    '',
    `The push usually reaches the socket before the webhook's own HTTP response reaches the sender (the credit commits, the Worker answers and hands the publish to \`waitUntil\` at the same moment), so "after the response" is 0 for most pushes and a ratio on it would be infinite. The ratio is therefore taken on the wait from the webhook request's start for both (it includes the commit for both), with never-shown purchases ranked last.${webhookFailures ? ` ${webhookFailures} webhook deliveries did not answer 200.` : ''}`,
    '',
  );
  md.push(
    `**2. Push vs no-op.** One user, one open socket; ${push.pushMs.length} webhooks (each a new paid session) and ${push.noopMs.length} \`GET /api/health\`, alternating, one at a time, after ${PUSH.warmup} warm-up pairs. Push = the webhook request's start → the purchase's message on the socket. The webhook's own response took p50 ${ms(median(push.webhookResponseMs))}, p95 ${ms(percentile(push.webhookResponseMs, 95))}.`,
    '',
  );
  md.push(
    `**3. Throughput.** ${through.check.users} users × ${THROUGHPUT.perUser} paid sessions; each signed event delivered ${THROUGHPUT.copies}× (the original and 2 duplicates with the same event id), shuffled, ${THROUGHPUT.inFlight} in flight, each signed at send time. No-op: ${THROUGHPUT.noopRequests} \`GET /api/health\` at ${THROUGHPUT.inFlight} in flight. The two runs are cut into ${THROUGHPUT.blocks} blocks each and alternated (no-op, webhooks, no-op, …) so a drift in the machine's load weighs on both; each rate is all its requests over the sum of its blocks' time. Block by block the webhooks ran at ${blockSpread(through.hooks, through.noop)} of the neighbouring no-op block: the early blocks hold most first deliveries (a D1 write and a push each), the late ones mostly duplicates. Webhooks: ${through.hooks.requests} in ${through.hooks.seconds.toFixed(2)} s, non-2xx ${through.hooks.non2xx}, network errors ${through.hooks.errors}. A repeated event id took p50 ${ms(median(diag.sequential.sameId))} one at a time in the diagnostics, a new event id for a credited session ${ms(median(diag.sequential.newId))}: under \`wrangler dev\` there is one isolate, so whatever the Worker keeps in memory per isolate sees every duplicate (in production, duplicates can land on other isolates). Afterwards, for every user, \`/api/auth/me\` and the full \`/api/credits/ledger\`: ${through.check.creditedOnce}/${through.check.sessions} sessions have exactly one purchase entry (missing ${through.check.missing}, duplicated ${through.check.duplicated}); balance ≠ 1,000 × sessions or ≠ sum of the ledger for ${through.check.balanceMismatches} users.`,
    '',
  );
  md.push(
    `**4. Verification.** \`bench/workerd/verify.bench.test.mts\` runs in workerd through \`bench/vitest.config.ts\` (\`cloudflareTest\` with the repo's wrangler.toml) and calls the Worker's \`verifyStripeEvent\` (stripe's \`constructEventAsync\` + SubtleCrypto provider) ${verify.n} times per loop, ${verify.loopsMs.length} loops after 200 warm-up calls, on a ${verify.payloadBytes}-byte \`checkout.session.completed\`. workerd's clock only moves on I/O, so each loop is bracketed by calls to a clock server in Node (\`bench/workerd/clock-server.ts\`): loops ${verify.loopsMs.map((x) => x.toFixed(1)).join(', ')} ms; empty brackets ${verify.emptyMs.map((x) => x.toFixed(2)).join(', ')} ms; figure = (median loop − median empty) / N. workerd's own performance.now() over the loops: ${verify.inWorkerdMs.join(', ')} ms${verify.inWorkerdUsPerEvent === null ? ' (it did not advance)' : ` (it did advance: ${verify.inWorkerdUsPerEvent.toFixed(1)} µs/event)`}.`,
    '',
  );
  md.push(
    `**5. Sizes.** Worker: ${sizes.worker.files.map((f) => `\`${f.name}\` ${kib(f.raw)} → ${kib(f.gzip)}`).join(', ')} (gzip -9 by node:zlib${sizes.worker.wranglerLine ? `; wrangler says "${sizes.worker.wranglerLine}"` : ''}). Site (${built ? 'built by this run' : 'existing site/dist'}; per page = the entry's static import graph + the page's lazy chunk and its static imports, ${sizes.site.method === 'manifest' ? 'from .vite/manifest.json' : 'from the import statements in the built files (the build writes no manifest)'}; CSS not counted):`,
    '',
    '| page | JS gzip | raw | chunks |',
    '|---|---|---|---|',
    ...sizes.site.pages.map(
      (p) =>
        `| ${p.page} | ${kib(p.gzip)} | ${kib(p.raw)} | ${p.chunks.map((c) => `${c.file.replace(/^assets\//, '')} (${kib(c.gzip)})`).join(', ')} |`,
    ),
    '',
  );
  md.push(
    `**6. Fan-out.** One user with ${fan.sockets} sockets open at once; ${fan.allMs.length} purchases one after another (after ${FANOUT.warmup} warm-up); for each, the time from the webhook request's start until the last of the ${fan.sockets} sockets has the message (p50 ${ms(median(fan.allMs))}, p90 ${ms(percentile(fan.allMs, 90))}, p99 ${ms(fanP99)}, max ${ms(Math.max(...fan.allMs))}), and until the first one has it (p50 ${ms(median(fan.firstMs))}, p99 ${ms(percentile(fan.firstMs, 99))}): the spread between first and last socket, p50 ${ms(median(fan.allMs.map((a, i) => a - (fan.firstMs[i] ?? a))))}, is the cost of the other ${fan.sockets - 1} frames (the room's sends, wrangler's proxy relaying each socket, the client parsing them). p99 is nearest-rank over ${fan.allMs.length} purchases; compared with row 2's single-socket push median. Each fan-out purchase was followed by a purchase of another user with one open socket: that interleaved single-socket push had p50 ${ms(median(fan.singleMs))} and p99 ${ms(percentile(fan.singleMs, 99))}, which puts the fan-out p99 at ${ratio(percentile(fan.allMs, 99) / median(fan.singleMs))} and its p50 at ${ratio(median(fan.allMs) / median(fan.singleMs))}. The fan-out purchases' own webhook responses took p50 ${ms(median(fan.hookMs))}, p99 ${ms(percentile(fan.hookMs, 99))} (row 2: p50 ${ms(median(push.webhookResponseMs))}): under \`wrangler dev\` the Worker and the room run in one workerd process, so the ${fan.sockets} sends and the response share it.`,
    '',
  );
  {
    const q = diag.sequential;
    const n0 = median(q.noop);
    const c = diag.ceilings;
    const row = (label: string, adds: string, xs: number[], ceiling?: { perSecond: number }) =>
      `| ${label} | ${adds} | ${ms(median(xs))} | ${ms(percentile(xs, 95))} | ${ratio(median(xs) / n0)} | ${ceiling ? `${ceiling.perSecond.toFixed(0)}/s (${((100 * ceiling.perSecond) / c.noop.perSecond).toFixed(0)}%)` : ''} |`;
    const d1 = median(q.me) - n0;
    md.push(
      "## Where a webhook's time goes (diagnostics for rows 2 and 3)",
      '',
      `Same stack, same client. One at a time: ${q.noop.length} rounds of the seven requests in turn (after ${BREAKDOWN.warmup} warm-up rounds), so every line is interleaved with the others. At ${BREAKDOWN.inFlight} in flight: ${BREAKDOWN.ceilingRequests} of each kind that has a rate, alternated in 5 blocks.`,
      '',
      '| request | what it exercises | p50 | p95 | × no-op p50 | at 20 in flight (% of no-op) |',
      '|---|---|---|---|---|---|',
      row('`GET /api/health` (no-op)', "wrangler's proxy, Hono, the client", q.noop, c.noop),
      row('`GET /api/auth/me`', 'one D1 round trip (the session + user read)', q.me, c.me),
      row(
        'webhook, ignored event type',
        'body read, signature, JSON, the `stripe_webhook` log line; no D1',
        q.ignored,
        c.ignored,
      ),
      row(
        'webhook, the same event id again',
        'whatever the Worker does for a repeated event id (compare with the next line)',
        q.sameId,
      ),
      row(
        'webhook, a new event id for an already credited session',
        'one D1 batch that applies nothing; no push',
        q.newId,
        c.newId,
      ),
      row('webhook, new purchase (response)', 'the D1 batch applies the entry', q.purchase),
      row('push of that purchase (from the request start)', 'the Durable Object publish and the frame', q.push),
      '',
      `One local D1 round trip costs about ${ms(d1)} here (\`/me\` − no-op), ${ratio(d1 / n0)} the no-op's own time, and a purchase must commit its D1 batch before it may push. So no push can arrive under about ${ms(n0 + d1)} (${ratio((n0 + d1) / n0)} the no-op) on this stack, whatever the Worker does around the commit; the measured push is ${ratio(median(q.push) / median(q.me))} a \`/me\`. At ${BREAKDOWN.inFlight} in flight one D1 read per request already caps \`/me\` at ${((100 * c.me.perSecond) / c.noop.perSecond).toFixed(0)}% of the no-op, and a webhook that must write to D1 at ${((100 * c.newId.perSecond) / c.noop.perSecond).toFixed(0)}%: local D1 (miniflare's SQLite behind a binding, on the same 2 cores) is the bottleneck of every route that touches it.`,
      '',
      `With a new TCP connection per request (no keep-alive, as a client without a pool): no-op p50 ${ms(median(diag.fresh.noop))}, push p50 ${ms(median(diag.fresh.push))}, ratio ${ratio(median(diag.fresh.push) / median(diag.fresh.noop))} (${diag.fresh.noop.length} each). Connection set-up is a constant added to both sides, so it flatters the ratio; the table uses keep-alive.`,
      '',
      `After ${diag.spaced.gapMs} ms of quiet before each request (keep-alive; as row 1's sporadic requests arrive): no-op p50 ${ms(median(diag.spaced.noop))}, push p50 ${ms(median(diag.spaced.push))} (${diag.spaced.noop.length} each), against ${ms(n0)} and ${ms(median(q.push))} back to back. A push crosses more processes than a no-op (client → wrangler's proxy → Worker → local D1 → Worker → Durable Object → proxy → client), and every hop that has gone idle pays to wake up, which is why row 1's push median sits above row 2's.`,
      '',
    );
  }
  md.push('## Stability', '');
  md.push(
    'The key ratios of the last runs on this machine (from bench/.out/history.jsonl, git-ignored):',
    '',
    '| run | commit (worker/) | other load | 1: polling/push | 2: push/no-op | 3: webhook/no-op | 4: µs/event | 6: fan-out p99/push p50 |',
    '|---|---|---|---|---|---|---|---|',
    ...history.map(
      (h) =>
        `| ${h.date.replace('T', ' ').slice(0, 19)} | ${h.commit ?? '?'} | ${h.busy === undefined ? '?' : pct(h.busy)} | ${ratio(h.visibleRatio)} | ${ratio(h.pushVsNoop)} | ${(h.throughputShare * 100).toFixed(0)}% | ${h.verifyUs.toFixed(1)} | ${ratio(h.fanoutVsPush)} |`,
    ),
    '',
  );
  md.push('## Notes', '');
  md.push(
    `- Phase times: ${Object.entries(phaseTimes)
      .map(([k, v]) => `${k.split(':')[0]} ${v.toFixed(1)} s`)
      .join(', ')}.`,
    `- ${reloads === 0 ? 'wrangler dev did not reload during the run (no worker/ or site/dist change was picked up).' : `⚠ wrangler dev reloaded ${reloads}× during the run (someone changed worker/ or site/dist): figures after a reload may mix two builds.`}`,
    `- Teardown: ${teardownReport.leftover.length === 0 ? "the stack's process group was empty afterwards (pgrep -g) and both ports were closed." : `left over: ${teardownReport.leftover.join('; ')}`}`,
    '- `wrangler dev` runs the Worker behind a proxy workerd and logs every request; production latencies differ. Compare figures within one run (the ratios), not across machines.',
    '- The client (Node) shares the 2 cores with workerd, the emulator and wrangler; it is the same client for both sides of every ratio.',
    '',
  );
  const text = md.join('\n');
  writeFileSync(join(REPO, 'bench/RESULTS.md'), text);

  console.log(`\n${'='.repeat(100)}\n`);
  console.log(text);
  console.log(`Wrote bench/RESULTS.md and bench/time-to-visible.svg (${totalSeconds.toFixed(0)} s).`);
  if (teardownReport.leftover.length > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
