// Before the bench: give other processes on these shared cores a moment to quiet down (bounded),
// and record how busy the machine was around the run.
import { QUIET } from '../config';
import { cpuBusy, load1 } from '../lib/machine';
import { pct } from '../report/figures';

export interface Background {
  /** Share of the CPU other processes kept busy just before the bench started (null: unknown). */
  before: number | null;
  load1Before: number;
  after: number | null;
  load1After: number;
}

export async function waitForQuiet(): Promise<Background> {
  let busy = await cpuBusy(1000);
  const quietSince = performance.now();
  while (busy !== null && busy > QUIET.busyMax && performance.now() - quietSince < QUIET.waitMs) {
    console.log(
      `  other processes keep ${pct(busy)} of the CPU busy: waiting up to ${QUIET.waitMs / 1000} s for a quieter moment …`,
    );
    busy = await cpuBusy(3000);
  }
  const background: Background = { before: busy, load1Before: load1(), after: null, load1After: 0 };
  console.log(
    `  other processes keep ${pct(background.before)} of the CPU busy as the bench starts (load average ${background.load1Before.toFixed(2)})`,
  );
  return background;
}

/** Called after the stack is down: how busy the machine is without the bench. */
export async function recordAfter(background: Background): Promise<void> {
  background.after = await cpuBusy(1000);
  background.load1After = load1();
}
