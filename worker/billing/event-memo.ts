// A per-isolate memo of the Stripe events this isolate has committed or is committing. Purely an
// optimisation: Stripe retries and duplicates arrive in bursts, and one that lands on the same
// isolate is answered without a D1 round trip. Correctness never depends on it: a duplicate that
// reaches another isolate (or arrives after eviction) goes to D1, where unique keys decide.
import type { FulfilResult } from './fulfillment';

const CAPACITY = 4096;
const committed = new Map<string, FulfilResult>();
const inFlight = new Map<string, Promise<FulfilResult>>();

export interface MemoResult {
  result: FulfilResult;
  /** True when this call did not run `process`: the event was already handled here. */
  duplicate: boolean;
}

/**
 * Runs `process` once per event id in this isolate. Concurrent deliveries of the same id share
 * one run (and its failure: nothing was written, so they all answer 5xx and Stripe retries).
 */
export async function processOnce(eventId: string, process: () => Promise<FulfilResult>): Promise<MemoResult> {
  const done = committed.get(eventId);
  if (done) return { result: done, duplicate: true };
  const running = inFlight.get(eventId);
  if (running) return { result: await running, duplicate: true };

  const run = process();
  inFlight.set(eventId, run);
  try {
    const result = await run;
    remember(eventId, result);
    return { result, duplicate: false };
  } finally {
    inFlight.delete(eventId);
  }
}

function remember(eventId: string, result: FulfilResult) {
  committed.set(eventId, result);
  if (committed.size > CAPACITY) {
    // Maps iterate in insertion order: drop the oldest.
    const oldest = committed.keys().next().value;
    if (oldest !== undefined) committed.delete(oldest);
  }
}

/** For tests: forget everything, so a delivery goes to D1 again. */
export function forgetProcessedEvents() {
  committed.clear();
}
