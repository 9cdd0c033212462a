// Rows 7a–7d (ledger v2 and the service API): holds pushed like purchases, a spend at scale, the
// cron sweep against the CPU limit, and the service door vs the cookie door. Figures from one run.
import { CRON_CPU_LIMIT_MS, TARGETS } from '../config';
import { median, ms, percentile, ratio } from '../lib/stats';
import type { LedgerResults } from '../phases/live';
import type { Row } from './run-data';

export function ledgerRows(l: LedgerResults): Row[] {
  const { holds, spend, sweep } = l;
  const p = holds.pushMs;
  const purchaseP50 = median(p.purchase);
  const meP50 = median(p.me);
  const vs = (xs: number[]) => median(xs) / purchaseP50;
  const holdsOk = holds.missed === 0 && holds.failed.length === 0;
  const pushKinds = [
    ['hold', p.hold],
    ['capture', p.capture],
    ['release', p.release],
  ] as const;
  const worst = Math.max(...pushKinds.map(([, xs]) => vs(xs)));
  const rows: Row[] = [];
  rows.push({
    n: '7a',
    name: `Hold, capture and release (cookie routes) → frame on an open socket, vs a purchase push, interleaved (${p.purchase.length} rounds)`,
    result:
      `purchase p50 ${ms(purchaseP50)}; ${pushKinds.map(([k, xs]) => `${k} p50 ${ms(median(xs))} (**${ratio(vs(xs))}**)`).join(', ')}; ` +
      `one D1 round trip each: response p50 hold ${ms(median(holds.responseMs.hold))}, capture ${ms(median(holds.responseMs.capture))}, release ${ms(median(holds.responseMs.release))} vs \`GET /api/auth/me\` ${ms(meP50)}` +
      (holds.missed ? `; ${holds.missed} frames missed` : '') +
      (holds.failed.length ? `; ${holds.failed.length} calls failed (${holds.failed[0]})` : ''),
    target: `each p50 ≤ ${TARGETS.holdPushVsPurchase}× the purchase push p50`,
    pass: worst <= TARGETS.holdPushVsPurchase && holdsOk,
  });
  const spendRatio = median(spend.heavyMs) / median(spend.freshMs);
  rows.push({
    n: '7b',
    name: `Spend (\`POST /api/credits/spend\`) for a user with ${spend.lots} active lots and ${spend.rows.toLocaleString('en')} ledger rows vs a fresh user, interleaved, ${spend.heavyMs.length} each`,
    result:
      `long history p50 ${ms(median(spend.heavyMs))}, p95 ${ms(percentile(spend.heavyMs, 95))}; fresh p50 ${ms(median(spend.freshMs))}, p95 ${ms(percentile(spend.freshMs, 95))}; **${ratio(spendRatio)}**` +
      (spend.failed.length ? `; ${spend.failed.length} spends failed (${spend.failed[0]})` : ''),
    target: `p50 ≤ ${TARGETS.spendHeavyVsFresh}× the fresh user's`,
    pass: spendRatio <= TARGETS.spendHeavyVsFresh && spend.failed.length === 0,
  });
  const swept = sweep.logged?.expiredLots ?? 0;
  const sweepMs = sweep.logged?.ms ?? sweep.wallMs;
  rows.push({
    n: '7c',
    name: `Cron sweep of ${sweep.lots.toLocaleString('en')} expired lots (${sweep.users} users) in one run (\`GET /__scheduled\`)`,
    result:
      `${swept.toLocaleString('en')} lots expired in one run; ${sweep.logged ? `the sweep logged **${ms(sweepMs)}**` : 'no sweep line logged'}, the whole cron call ${ms(sweep.wallMs)} (wall time under \`wrangler dev\`, D1 waits included: an upper bound on its CPU time) = ${((sweepMs / CRON_CPU_LIMIT_MS) * 100).toFixed(1)}% of the limit` +
      (sweep.error ? `; **the cron run failed**: ${sweep.error}` : ''),
    target: `all swept in one run, ≤ ${CRON_CPU_LIMIT_MS / 1000} s CPU (cron trigger default, paid plan)`,
    pass: !sweep.error && swept === sweep.lots && sweepMs <= CRON_CPU_LIMIT_MS,
  });
  const svcHold = median(holds.responseMs.serviceHold) / median(holds.responseMs.hold);
  const svcCapture = median(holds.responseMs.serviceCapture) / median(holds.responseMs.capture);
  const svcPush = vs(p.serviceHold);
  rows.push({
    n: '7d',
    name: `Service API (\`/api/v1\`, API key) vs the cookie routes: hold and capture, interleaved (${p.serviceHold.length} each)`,
    result:
      `hold p50 ${ms(median(holds.responseMs.serviceHold))} vs ${ms(median(holds.responseMs.hold))} (**${ratio(svcHold)}**); capture p50 ${ms(median(holds.responseMs.serviceCapture))} vs ${ms(median(holds.responseMs.capture))} (**${ratio(svcCapture)}**); ` +
      `service reserve → push p50 ${ms(median(p.serviceHold))}, **${ratio(svcPush)}** the purchase push`,
    target: `each ≤ ${TARGETS.serviceVsCookie}× the cookie call; reserve → push ≤ ${TARGETS.holdPushVsPurchase}× a purchase push`,
    pass:
      svcHold <= TARGETS.serviceVsCookie &&
      svcCapture <= TARGETS.serviceVsCookie &&
      svcPush <= TARGETS.holdPushVsPurchase &&
      holdsOk,
  });
  return rows;
}

/** How rows 7a–7d were measured, for RESULTS.md's details. */
export function ledgerDetails(l: LedgerResults): string[] {
  const { holds, spend, sweep } = l;
  return [
    `**7a, 7d. Holds and the service door.** One user (credits from real purchases), one open socket; each round, one call at a time: a purchase webhook; through the cookie routes (\`/api/credits/holds\`, session cookie + Origin) a hold of 10 and its capture of 5, another hold and its release; through \`/api/v1/users/:id/holds\` (a Bearer key made by \`npm run keys -- create bench\` on the stack's state) a hold and its capture; then \`GET /api/auth/me\`. Push = the call's start → the frame with the same change kind and reference on the socket. Each hold, capture and release is one \`commit()\` (worker/ledger/commit.ts): one D1 batch, i.e. one round trip, holding the move, the hold row's statement and the state read; the response times sit beside \`/me\` (one D1 read) to show it. Response p50: purchase webhook ${ms(median(holds.responseMs.purchase))}, hold ${ms(median(holds.responseMs.hold))}, capture ${ms(median(holds.responseMs.capture))}, release ${ms(median(holds.responseMs.release))}, service hold ${ms(median(holds.responseMs.serviceHold))}, service capture ${ms(median(holds.responseMs.serviceCapture))}, \`/me\` ${ms(median(holds.responseMs.me))}.${holds.failed.length ? ` Failed calls: ${holds.failed.slice(0, 3).join('; ')}.` : ''}`,
    '',
    `**7b. Spend at scale.** Two users signed up through the API; their history seeded in bulk (bench/lib/seed.ts, ${(spend.seedMs / 1000).toFixed(1)} s): the long one gets ${spend.lots} never-expiring grants and ${(spend.rows - spend.lots).toLocaleString('en')} spends of 1, the fresh one a single grant, as \`INSERT INTO ledger_entries … SELECT … ON CONFLICT DO NOTHING\` statements in the moves' column shape and key scheme (one statement per batch of entries over a recursive CTE) run by \`wrangler d1 execute --local --file\`, so the trigger applies and checks every entry (balance, lots, draws). Then \`POST /api/credits/spend\` of 1, alternating which user goes first, ${spend.heavyMs.length} each after ${spend.heavyMs.length ? 'the warm-up' : 'nothing'}.`,
    '',
    `**7c. Sweep.** ${sweep.lots.toLocaleString('en')} grants that expired a minute earlier across ${sweep.users} accounts, seeded the same way (${(sweep.seedMs / 1000).toFixed(1)} s); then one \`GET /__scheduled?cron=* * * * *\` (wrangler dev runs with \`--test-scheduled\`), which runs \`sweepDue\` (batches of 100 moves). The sweep's logged \`ms\` is workerd's clock around it; that clock only advances on I/O, so it measures wall time including every D1 batch, an upper bound on the CPU time the limit counts. Logged: ${sweep.logged ? JSON.stringify(sweep.logged) : 'no sweep line found in the stack log'}.`,
    '',
  ];
}
