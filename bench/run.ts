// `npm run bench`: Creditcast's benchmarks. Sizes and the in-workerd signature cost first, then the
// bench's own dev stack (tools/dev.sh on 127.0.0.1:8790 / :12114, temp vars and state) for the
// live-path rows, torn down by process group at the end. Writes bench/RESULTS.md and
// bench/time-to-visible.svg, and prints the results. Every ratio is measured within this run.
// The phases live in bench/phases/, the report in bench/report/; this file only runs them in order.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mulberry32 } from '../tools/random';
import { EMULATOR_PORT, OUT, PORT, REPO, REPORT_DIR, VERIFY_N } from './config';
import { phase } from './lib/phase';
import { kib } from './lib/stats';
import { runLivePhases } from './phases/live';
import { recordAfter, waitForQuiet } from './phases/quiet';
import { ensureSiteBuilt, measureClient, measureSite, measureWorker, siteDist } from './phases/sizes';
import { runVerifyBench } from './phases/verify';
import { autoTopupDetails } from './report/auto-topup-rows';
import { diagnostics, stabilityAndNotes } from './report/diagnostics-md';
import { recordHistory } from './report/history';
import { ledgerDetails } from './report/ledger-rows';
import { details, headerAndTable } from './report/results-md';
import { buildRows, deriveFigures } from './report/rows';
import type { BenchRun } from './report/run-data';
import { visibleChart } from './report/visible-chart';
import { webhooksOutDetails } from './report/webhooks-out-rows';

/** Deterministic randomness for the delays and the shuffle (seed printed, BENCH_SEED repeats it). */
const seed = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);
const random = mulberry32(seed);

async function main() {
  mkdirSync(REPORT_DIR, { recursive: true });
  mkdirSync(OUT, { recursive: true });
  const startedAt = new Date();
  const t0 = performance.now();
  console.log(`Creditcast bench — seed ${seed}, stack on 127.0.0.1:${PORT} (emulator :${EMULATOR_PORT})`);
  const background = await waitForQuiet();

  // Row 5: sizes (no stack needed)
  const built = ensureSiteBuilt(REPO);
  const sizes = await phase('5. sizes: Worker bundle (wrangler deploy --dry-run --minify) and site JS per page', () => {
    const worker = measureWorker(REPO);
    const site = measureSite(siteDist(REPO));
    const client = measureClient(siteDist(REPO));
    console.log(`  worker: ${kib(worker.gzip)} gzip (${kib(worker.raw)} minified)`);
    console.log(`  client (/embed/creditcast.js): ${kib(client.gzip)} gzip (${kib(client.raw)} minified)`);
    for (const p of site.pages)
      console.log(`  ${p.page} (${p.locale}): ${kib(p.gzip)} gzip in ${p.chunks.length} chunks`);
    return { worker, site, client };
  });

  // Row 4: signature verification inside workerd
  const verify = await phase(`4. signature verification inside workerd (vitest-pool-workers, N=${VERIFY_N})`, () => {
    const v = runVerifyBench(REPO, OUT);
    console.log(
      `  ${v.usPerEvent.toFixed(1)} µs/event (Node clock); workerd clock: ${v.inWorkerdUsPerEvent?.toFixed(1) ?? 'did not advance'}`,
    );
    return v;
  });

  // Rows 1, 2, 3, 6, 9, 7, 8 and the diagnostics, on the stack
  const live = await runLivePhases(random, t0);
  await recordAfter(background);

  const run: BenchRun = { seed, startedAt, t0, background, built, sizes, verify, live };
  const figures = deriveFigures(run);
  const rows = buildRows(run, figures);
  writeFileSync(join(REPORT_DIR, 'time-to-visible.svg'), visibleChart(run, figures));
  const history = recordHistory(run, figures);
  const text = resultsMarkdown(run, rows, figures, history);
  writeFileSync(join(REPORT_DIR, 'RESULTS.md'), text.markdown);

  console.log(`\n${'='.repeat(100)}\n`);
  console.log(text.markdown);
  const dir = relative(REPO, REPORT_DIR);
  console.log(`Wrote ${dir}/RESULTS.md and ${dir}/time-to-visible.svg (${text.totalSeconds.toFixed(0)} s).`);
  if (live.teardownReport.leftover.length > 0) process.exitCode = 1;
}

function resultsMarkdown(
  run: BenchRun,
  rows: ReturnType<typeof buildRows>,
  figures: ReturnType<typeof deriveFigures>,
  history: ReturnType<typeof recordHistory>,
) {
  // The stack shares the working tree: another engineer's edit to worker/ (or a site rebuild) makes
  // wrangler dev reload mid-run. Count the reloads it logged.
  const stackLog = existsSync(join(OUT, 'stack.log')) ? readFileSync(join(OUT, 'stack.log'), 'utf8') : '';
  const reloads = (stackLog.match(/Reloading local server/gi) ?? []).length;
  const totalSeconds = (performance.now() - run.t0) / 1000;
  const md = [
    ...headerAndTable(run, rows, totalSeconds),
    ...details(run, figures),
    ...ledgerDetails(run.live.ledger),
    ...autoTopupDetails(run.live.topup),
    ...webhooksOutDetails(run.live.hooksOut),
    ...diagnostics(run),
    ...stabilityAndNotes(run, history, reloads),
  ];
  return { markdown: md.join('\n'), totalSeconds };
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
