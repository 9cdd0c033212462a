// The live-path rows (1, 2, 3, 6, 9, 7, 8 and the diagnostics) on the bench's own dev stack: starts it with
// fresh state, warms it, runs each phase in turn, and always tears it down by process group
// (also on Ctrl-C, or when the run passes its hard limit).
import { join } from 'node:path';
import { type DevStack, startDevStack } from '../../tools/dev-stack';
import { type Random, shuffle } from '../../tools/random';
import {
  AUTO_TOPUP,
  BREAKDOWN,
  EMULATOR_PORT,
  FANOUT,
  HARD_LIMIT_MS,
  HOOKS_OUT,
  LEDGER,
  OUT,
  PORT,
  PUSH,
  THROUGHPUT,
  VISIBLE,
  WEBHOOK_SECRET,
} from '../config';
import { AppClient, preparePurchases } from '../lib/app';
import { destroyAgent, pool } from '../lib/http';
import { phase } from '../lib/phase';
import { createApiKey } from '../lib/seed';
import { progress } from '../lib/stats';
import { type AutoTopupResult, autoTopupRounds } from './auto-topup';
import { prepareTopupPairs } from './auto-topup-setup';
import { type Breakdown, breakdown, breakdownPurchasesNeeded } from './breakdown';
import { type HoldsResult, holdsVsPurchase } from './holds';
import { type SpendScaleResult, type SweepResult, spendAtScale, sweepAtScale } from './ledger-scale';
import { type FanoutResult, fanout, type PushVsNoopResult, pushVsNoop } from './push';
import { type CreditCheck, checkCreditedOnce, type LoadRun, loadInterleaved, shuffledDeliveries } from './throughput';
import { timeToVisible, type VisibleSample } from './visible';
import { type WebhooksOutResult, webhooksOut } from './webhooks-out';

/** This stack's Stripe test key: the Worker's and the emulator's (row 9 also calls the emulator with it). */
const SECRET_KEY = 'sk_test_creditcast_bench';

export interface ThroughputResult {
  noop: LoadRun;
  hooks: LoadRun;
  check: CreditCheck;
}

export interface LedgerResults {
  holds: HoldsResult;
  spend: SpendScaleResult;
  sweep: SweepResult;
}

export interface LiveResults {
  visible: VisibleSample[];
  push: PushVsNoopResult;
  diag: Breakdown;
  fan: FanoutResult;
  through: ThroughputResult;
  ledger: LedgerResults;
  topup: AutoTopupResult;
  hooksOut: WebhooksOutResult;
  teardownReport: { leftover: string[] };
}

/** Runs every phase that needs the stack; `t0` is the run's start (the hard limit counts from it). */
export async function runLivePhases(random: Random, t0: number): Promise<LiveResults> {
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

  let results: Omit<LiveResults, 'teardownReport'>;
  let teardownReport: { leftover: string[] };
  try {
    stack = await phase('stack: tools/dev.sh (emulator + wrangler dev), fresh state', () =>
      startDevStack({
        label: 'bench',
        port: PORT,
        emulatorPort: EMULATOR_PORT,
        logFile: join(OUT, 'stack.log'),
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        // A busy shared machine can take over a minute to bring wrangler dev up.
        readyTimeoutMs: 120_000,
      }),
    );
    const app = new AppClient(stack.appUrl, stack.emulatorUrl, WEBHOOK_SECRET);
    await prepareStack(app, stack.emulatorUrl);
    const visible = await visiblePhase(app, random);
    const push = await pushPhase(app);
    const diag = await diagnosticsPhase(app);
    const fan = await fanoutPhase(app);
    const through = await throughputPhase(app, random);
    // Before row 7 (whose 10,000-lot sweep can leave the local isolate restarting) and row 8 (no
    // webhook endpoint exists yet); its users are its own and every top-up settles within its round.
    const topup = await autoTopupPhase(app);
    const ledger = await ledgerPhases(app, stack);
    // Last: while its endpoint exists every purchase also writes and delivers an event, which the
    // rows above must not pay for (it deletes the endpoint at its end all the same).
    const hooksOut = await webhooksOutPhase(app, stack);
    results = { visible, push, diag, fan, through, ledger, topup, hooksOut };
  } finally {
    clearTimeout(watchdog);
    teardownReport = await teardownPhase(teardown);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  return { ...results, teardownReport };
}

function teardownPhase(teardown: () => Promise<{ leftover: string[] }>) {
  return phase('teardown: stop the stack by process group', async () => {
    const r = await teardown();
    console.log(
      r.leftover.length === 0
        ? '  no process of the stack is left (pgrep -g), ports closed'
        : `  LEFT OVER: ${r.leftover.join('; ')}`,
    );
    return r;
  });
}

/** Turns the emulator's own delivery off, then warms the isolate, the D1 file and the Durable Object code paths. */
async function prepareStack(app: AppClient, emulatorUrl: string): Promise<void> {
  // Nothing is delivered by the emulator in this bench: we sign and deliver every event ourselves.
  await fetch(`${emulatorUrl}/_emulator/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ webhookUrl: '' }),
  }).then((r) => r.arrayBuffer());
  await phase('warm-up', async () => {
    const [warm] = await preparePurchases(app, 1, 6, 3, 'warm-up');
    const socket = await app.openLive(warm![0]!.user, () => {});
    for (const p of warm!) await app.deliver(p.payload);
    await app.deliver(warm![0]!.payload);
    socket.close();
    await pool(50, 10, () => app.health());
  });
}

/** Row 1: time to visible credits, push vs polling. */
function visiblePhase(app: AppClient, random: Random): Promise<VisibleSample[]> {
  return phase(`1. time to visible credits: push vs polling (${VISIBLE.purchases} purchases)`, async () => {
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
    return timeToVisible(
      app,
      order.map((i) => purchases[i]!),
      {
        startSpacingMs: VISIBLE.startSpacingMs,
        delays: order.map((i) => delays[i]!),
        pushTimeoutMs: 5000,
        onProgress: progress('purchases observed', 10, purchases.length),
      },
    );
  });
}

/** Row 2: push latency vs the no-op, interleaved. */
function pushPhase(app: AppClient): Promise<PushVsNoopResult> {
  return phase(`2. push latency vs no-op, interleaved (${PUSH.samples} each)`, async () => {
    const [purchases] = await preparePurchases(app, 1, PUSH.samples + PUSH.warmup, 8, 'row 2');
    return pushVsNoop(app, purchases!, PUSH.warmup, progress('webhook+push / health pairs', 50, PUSH.samples));
  });
}

/** Diagnostics for rows 2 and 3: each step of a webhook, one at a time and at 20 in flight. */
function diagnosticsPhase(app: AppClient): Promise<Breakdown> {
  return phase('diagnostics: cost of each step of a webhook, one at a time and at 20 in flight', async () => {
    const [purchases] = await preparePurchases(app, 1, breakdownPurchasesNeeded(BREAKDOWN), 8, 'diagnostics');
    return breakdown(app, purchases!, BREAKDOWN);
  });
}

/** Row 6: one user with many sockets, each purchase fanned out to all of them. */
function fanoutPhase(app: AppClient): Promise<FanoutResult> {
  return phase(`6. fan-out: one user, ${FANOUT.sockets} sockets, ${FANOUT.purchases} purchases`, async () => {
    const [purchases] = await preparePurchases(app, 1, FANOUT.purchases + FANOUT.warmup, 8, 'row 6');
    const [singles] = await preparePurchases(app, 1, FANOUT.purchases + FANOUT.warmup, 8, 'row 6 baseline');
    const every = { 'sockets open': 50, purchases: 25 } as Record<string, number>;
    return fanout(app, purchases![0]!.user, purchases!, singles!, FANOUT.sockets, FANOUT.warmup, (label, done) => {
      if (done % (every[label] ?? 10) === 0) console.log(`  ${label}: ${done}`);
    });
  });
}

/** Rows 7a–7d: holds and the service door on the live path, then the ledger at scale on bulk-seeded history. */
async function ledgerPhases(app: AppClient, stack: DevStack): Promise<LedgerResults> {
  const persistTo = join(stack.dir, 'state');
  const { holds: h, spend: s, sweep: w } = LEDGER;
  const holds = await phase(
    `7a/7d. hold, capture, release pushes vs a purchase push; service vs cookie (${h.rounds} rounds)`,
    async () => {
      const apiKey = createApiKey(persistTo, 'bench');
      const [purchases] = await preparePurchases(app, 1, h.rounds + h.warmup, 8, 'row 7a');
      return holdsVsPurchase(app, purchases!, apiKey, h.warmup, progress('rounds', 20, h.rounds));
    },
  );
  const spend = await phase(
    `7b. spend: ${s.lots} lots and ${s.rows} ledger rows vs a fresh user (${s.samples} each)`,
    async () => {
      const heavy = await app.signup();
      const fresh = await app.signup();
      const r = await spendAtScale(app, persistTo, OUT, { heavy, fresh }, s);
      console.log(`  seeded ${s.rows} entries in ${(r.seedMs / 1000).toFixed(1)} s (wrangler d1 execute --file)`);
      return r;
    },
  );
  const sweep = await phase(`7c. sweep of ${w.lots} expired lots in one cron run`, async () => {
    const r = await sweepAtScale(app, persistTo, OUT, stack.logFile, w);
    console.log(
      `  seeded in ${(r.seedMs / 1000).toFixed(1)} s; cron run ${Math.round(r.wallMs)} ms; logged ${JSON.stringify(r.logged)}`,
    );
    return r;
  });
  return { holds, spend, sweep };
}

/** Rows 9a and 9b: auto top-up, spend → top-up credit on the socket, and the spend on vs off. */
function autoTopupPhase(app: AppClient): Promise<AutoTopupResult> {
  const { rounds, warmup } = AUTO_TOPUP;
  return phase(`9. auto top-up: spend → top-up on the socket, spend on vs off (${rounds} pairs of users)`, async () => {
    const pairs = await prepareTopupPairs(app, SECRET_KEY, rounds + warmup);
    const r = await autoTopupRounds(app, SECRET_KEY, pairs, warmup, progress('rounds', 10, rounds + warmup));
    console.log(`  top-ups missed ${r.missed}, not exactly once ${r.notOnce}, failed requests ${r.failed.length}`);
    return r;
  });
}

/** Row 8: webhooks out to a receiver in this client, latency vs the push, and throughput. */
function webhooksOutPhase(app: AppClient, stack: DevStack): Promise<WebhooksOutResult> {
  const h = HOOKS_OUT;
  return phase(
    `8. webhooks out: receiver vs push (${h.samples} purchases), then ${h.users} users × ${h.perUser} purchases at once`,
    async () => {
      const apiKey = createApiKey(join(stack.dir, 'state'), 'bench-webhooks-out');
      const [latency] = await preparePurchases(app, 1, h.samples + h.warmup, 8, 'row 8');
      const byUser = await preparePurchases(app, h.users, h.perUser, 8, 'row 8 throughput');
      const r = await webhooksOut(app, apiKey, latency!, h.warmup, byUser, (label, done) => {
        if (done % 20 === 0) console.log(`  ${label}: ${done}`);
      });
      const t = r.through;
      console.log(
        `  ${t.delivered} events in ${t.seconds.toFixed(2)} s (${t.perSecond.toFixed(0)}/s); duplicated ${t.duplicated}, lost ${t.lost}, doubled ${t.doubled}, bad signatures ${r.badSignatures}`,
      );
      return r;
    },
  );
}

/** Row 3: webhook throughput (originals + duplicates, shuffled) against the no-op, in alternating blocks. */
function throughputPhase(app: AppClient, random: Random): Promise<ThroughputResult> {
  return phase(
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
}
