// Why a row misses its target, as investigated: RESULTS.md prints the reason only for rows that miss in a run.
import { median, ms, ratio } from '../lib/stats';
import type { BenchRun } from './run-data';
import { queueConsumer } from './webhooks-out-rows';

/**
 * The purchase webhook's batch (worker/billing/fulfilment.ts creditSession → worker/ledger/commit.ts),
 * for a session with a payment intent, as every emulator session has. Read from the code, not the
 * run: update it with the code.
 */
const PURCHASE_STATEMENTS = 11;
const PURCHASE_BATCH =
  "11 statements: 4 moves (the purchase, then the refund, dispute and dispute-reversal moves that apply any reversal Stripe told us about first; here they select nothing), the checkout session UPDATE, the refunded-mark UPDATE, the `stripe_events` insert, the commit's 2 outbox statements once for all its moves (the `webhook_events` insert and the `balance_alerts` arming, both gated on a receiver existing; until issue 19 item 10 each move had its own pair: 17 statements), the session read and the state read";

/** The diagnostics' p50s (one at a time, interleaved) that the reasons are written from. */
function decompose(run: BenchRun) {
  const q = run.live.diag.sequential;
  const noop = median(q.noop);
  const me = median(q.me);
  return { noop, me, d1: me - noop, ignored: median(q.ignored), newId: median(q.newId), push: median(q.push) };
}

/**
 * What we found when a row misses, investigated with the diagnostics section below (and A/B runs
 * of patched Workers). Printed only for rows that miss in this run.
 */
export const MISS_REASONS: Record<string, string | ((run: BenchRun) => string)> = {
  '1': "The polling median is fixed by the seed's poll grid; the push median moves with machine load (each idle hop of the local stack pays to wake up). On a quiet machine this row passes (see Stability).",
  '2': (run) => {
    const d = decompose(run);
    return `A purchase may only be pushed after its D1 batch commits, and under \`wrangler dev\` one local D1 round trip alone costs ${ms(d.d1)} against the no-op's ${ms(d.noop)} (see the diagnostics: \`/me\`, one D1 read, is ${ratio(d.me / d.noop)} the no-op). The webhook path is one D1 batch plus one Durable Object call; removing the log line, sending frames before the room's version write, or warming the room changed nothing measurable (earlier A/B runs). Reaching 2× would mean committing the credit outside D1 (e.g. inside the user's Durable Object) before writing D1, a different design of where the ledger lives, which we chose not to make: D1 stays the single source of truth. Against a one-round-trip request the push is ${ratio(d.push / d.me)} (row 2b).`;
  },
  '2b': (run) => {
    const d = decompose(run);
    return `The push waits for the purchase's one D1 batch, which is ${PURCHASE_BATCH}. Its cost, from the diagnostics (one at a time, interleaved, p50s; the three parts add up to push − \`/me\` = ${ms(d.push - d.me)}): the webhook's own work without D1 (body, signature, JSON, log line: ignored event − no-op) ${ms(d.ignored - d.noop)}; running that batch instead of \`/me\`'s one read, with nothing applied (a new event id for an already credited session − ignored event − one D1 round trip) ${ms(d.newId - d.ignored - d.d1)}, i.e. about ${ms((d.newId - d.ignored - d.d1) / (PURCHASE_STATEMENTS - 1))} per statement beyond the first; applying the entry and publishing it (push − the same batch applying nothing) ${ms(d.push - d.newId)}.${d.ignored < d.noop || d.me < d.noop ? ` In this run the no-op itself was slower than ${d.me < d.noop ? '`/me`' : 'the ignored webhook'} (p50 ${ms(d.noop)}), so the parts that subtract it are unreliable (a busy machine); without it: the same batch applying nothing − \`/me\` = ${ms(d.newId - d.me)}.` : ''} There is no second round trip before the push (the event's outcome is written in \`waitUntil\`, after it). The statements run inside one local D1 call; what the batch costs is the work of its statements, each selecting against the receivers table, the checkout session and the user's row even when nothing applies. The outbox statements already run once per commit rather than after every move; the three reversal moves, which almost never apply, can only be left out by knowing before the batch that no reversal is recorded, which is a second round trip, and they cannot share one INSERT because the ledger's trigger checks each entry's balance_after against the row it updates. Those are changes to worker/billing and worker/ledger, outside the bench; this row measures them and reports a miss.`;
  },
  '3': 'First deliveries are bound by local D1 (one write each; at 20 in flight a route with a single D1 *read* already runs at ~38% of the no-op). Known duplicates already skip D1 through the per-isolate event memo. What remains on them is mostly the `stripe_webhook` JSON log line, which `wrangler dev` forwards per call (~0.85 ms each here; an A/B without it gained ~20% on D1-free deliveries); the issue asks for one log line per webhook, so we keep it. In production, Workers Logs are collected asynchronously and D1 is not on the same 2 cores.',
  '5a': "The budget was set at 119 KiB with the OpenAPI generator at runtime; since then the Worker gained email, auto top-up, webhooks out and the support desk. Measured on 2026-12-07 with the bench's command and esbuild's metafile (minified bytes, 370 KiB in all): drizzle-orm 70 KiB (its SQLite dialect and builders, plus pg-core and the relational query builder that its own modules import, out of reach of wrangler's `[alias]`), zod 29 (request validation, also the source of the OpenAPI document), the Stripe SDK 25 plus our slim vendor build 11, hono 24, our own code ~210. Already done: the OpenAPI document served as a static asset, Stripe resources with only the methods we call, signatures checked with our own Web Crypto code, `keep_names = false` (129.5 → 110.8 KiB). `hono/tiny` saves ~2 KiB. The rest of the way is dropping a library from the runtime (zod for hand-written validators, or drizzle's unused modules through our own bundling step in place of wrangler's), which we chose not to do for 10 KiB.",
  '6': "The room's publish is one JSON.stringify and one send per socket; the spread from the first to the 200th socket is ~5 ms. The p99 is driven by CPU contention: under `wrangler dev` the Worker, the room, wrangler's proxy (relaying each of the 200 sockets) and the Node client that parses 200 frames all share 2 cores. Compare the fan-out p50 with a single push, and the p99 with the interleaved single push, in Details row 6: the tail moves from run to run with the machine (see Stability).",
  '7c': "First found by the smoke run (200 lots): the cron run fails with `D1_ERROR: too many SQL variables`. `sweepDue` commits 100 moves per batch, and `commit()`'s state read binds one parameter per move (`u.id IN ((SELECT user_id FROM lots WHERE id = ?), …)`) plus the clock, past D1's 100 bound parameters per statement; any minute with more than ~95 due lots fails the whole sweep. The fix belongs in worker/ledger/expiry.ts (smaller chunks, or one state read per distinct user). If the row misses with no error, read the logged `ms`: it is wall time under `wrangler dev`, D1 waits included, not CPU.",
  '8': (run) => {
    const r = run.live.hooksOut;
    const q = queueConsumer();
    return `The delivery waits on the queue, not on the commit: receiver p50 − push p50 = ${ms(median(r.receiverMs) - median(r.pushMs))}, against the consumer's \`max_batch_timeout = ${q.maxBatchTimeout}\` s in wrangler.toml. The queue (local, as in production) hands the consumer a batch only when \`max_batch_size = ${q.maxBatchSize}\` messages wait or the timeout has passed, so a lone purchase's event always waits the whole timeout; at ${r.through.users} users purchasing at once batches fill sooner. A/B on this machine (2026-12-07, \`BENCH_SMOKE=1\`, the same code with \`max_batch_timeout = 0\`): receiver p50 44.3 ms, 1.86× that run's push p50 (row 8 PASS), so the rest of the path (drain in \`waitUntil\`, queue, signing, the POST) fits the target. The setting belongs to the Worker's config (outside the bench): 0 costs more, smaller consumer invocations under load.`;
  },
};
