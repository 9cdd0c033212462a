// A per-isolate memo of the Stripe events this isolate has committed. Purely an optimisation:
// Stripe retries and duplicates arrive in bursts, and one that lands on the same isolate after the
// first delivery committed is answered without a D1 round trip. Correctness never depends on it:
// concurrent copies, a duplicate on another isolate, or one after eviction go to D1, where unique
// keys decide. (Concurrent copies deliberately do not await each other's promise: a promise tied
// to another request's I/O can hang if that request is cancelled.)

import type { FulfilResult } from './event-log';

const CAPACITY = 4096;
const committed = new Map<string, FulfilResult>();

export interface MemoResult {
  result: FulfilResult;
  /** True when this call did not run `process`: the event was already committed here. */
  duplicate: boolean;
}

export async function processOnce(eventId: string, process: () => Promise<FulfilResult>): Promise<MemoResult> {
  const done = committed.get(eventId);
  if (done) return { result: done, duplicate: true };
  const result = await process();
  committed.set(eventId, result);
  if (committed.size > CAPACITY) {
    // Maps iterate in insertion order: drop the oldest.
    const oldest = committed.keys().next().value;
    if (oldest !== undefined) committed.delete(oldest);
  }
  return { result, duplicate: false };
}

/** For tests: forget everything, so a delivery goes to D1 again. */
export function forgetProcessedEvents() {
  committed.clear();
}
