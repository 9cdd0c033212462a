// bench/RESULTS.md, bottom half: where a webhook's time goes (diagnostics for rows 2 and 3), the
// stability of the key ratios over recent runs, and notes on the run itself.
import { BREAKDOWN } from '../config';
import { phaseTimes } from '../lib/phase';
import { median, ms, percentile, ratio } from '../lib/stats';
import { pct } from './figures';
import type { HistoryEntry } from './history';
import type { BenchRun } from './run-data';

export function diagnostics(run: BenchRun): string[] {
  const { diag } = run.live;
  const md: string[] = [];
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
  return md;
}

/** `reloads`: how often wrangler dev reloaded mid-run (another engineer's edit to worker/ or site/dist). */
export function stabilityAndNotes(run: BenchRun, history: HistoryEntry[], reloads: number): string[] {
  const { teardownReport } = run.live;
  const md: string[] = [];
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
  return md;
}
