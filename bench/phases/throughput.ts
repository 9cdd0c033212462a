// Row 3: webhook deliveries at a fixed number in flight (unique purchase events plus duplicates,
// shuffled, as Stripe's at-least-once delivery produces them) against the no-op route at the same
// concurrency, then a check that every session was credited exactly once.
import { performance } from 'node:perf_hooks';
import { type Random, shuffle } from '../../tools/random';
import type { AppClient, Purchase } from '../lib/app';
import { type HttpResult, pool } from '../lib/http';

export interface LoadRun {
  requests: number;
  /** loadInterleaved only: the rate of each block, in order. */
  blockRates?: number[];
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
  non2xx: number;
  errors: number;
}

export async function load(
  count: number,
  inFlight: number,
  send: (i: number) => Promise<HttpResult>,
  onProgress?: (done: number) => void,
): Promise<LoadRun> {
  const latenciesMs: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  await pool(
    count,
    inFlight,
    async (i) => {
      try {
        const res = await send(i);
        latenciesMs.push(res.end - res.start);
        if (res.status < 200 || res.status >= 300) non2xx++;
      } catch {
        errors++;
      }
    },
    onProgress,
  );
  const seconds = (performance.now() - started) / 1000;
  return { requests: count, seconds, perSecond: count / seconds, latenciesMs, non2xx, errors };
}

/**
 * Several load runs at the same concurrency, cut into `blocks` and alternated (A1 B1 A2 B2 …), so a
 * slow drift of the machine (other processes on the same cores) weighs on each side alike.
 * Returns one merged LoadRun per kind: all its requests over the sum of its blocks' time.
 */
export async function loadInterleaved(
  kinds: { name: string; count: number; send: (i: number) => Promise<HttpResult> }[],
  inFlight: number,
  blocks: number,
  onBlock?: (name: string, block: number) => void,
): Promise<Record<string, LoadRun>> {
  const merged: Record<string, LoadRun> = {};
  for (const k of kinds) {
    merged[k.name] = { requests: 0, seconds: 0, perSecond: 0, latenciesMs: [], non2xx: 0, errors: 0, blockRates: [] };
  }
  for (let b = 0; b < blocks; b++) {
    for (const k of kinds) {
      const from = Math.floor((k.count * b) / blocks);
      const to = Math.floor((k.count * (b + 1)) / blocks);
      const run = await load(to - from, inFlight, (i) => k.send(from + i));
      const m = merged[k.name]!;
      m.requests += run.requests;
      m.seconds += run.seconds;
      m.latenciesMs.push(...run.latenciesMs);
      m.non2xx += run.non2xx;
      m.errors += run.errors;
      m.blockRates!.push(run.perSecond);
      onBlock?.(k.name, b + 1);
    }
  }
  for (const m of Object.values(merged)) m.perSecond = m.requests / m.seconds;
  return merged;
}

/** Every delivery of every purchase (`copies` of each, same event id), in random order. */
export function shuffledDeliveries(purchases: Purchase[], copies: number, random: Random): Purchase[] {
  return shuffle(
    purchases.flatMap((p) => Array.from({ length: copies }, () => p)),
    random,
  );
}

export interface CreditCheck {
  users: number;
  sessions: number;
  /** Sessions with exactly one purchase entry in their user's ledger. */
  creditedOnce: number;
  /** Sessions with no entry / with more than one. */
  missing: number;
  duplicated: number;
  /** Users whose /me balance is not 1,000 × their sessions, or not the sum of their ledger. */
  balanceMismatches: number;
}

export async function checkCreditedOnce(app: AppClient, byUser: Purchase[][]): Promise<CreditCheck> {
  const check: CreditCheck = {
    users: byUser.length,
    sessions: 0,
    creditedOnce: 0,
    missing: 0,
    duplicated: 0,
    balanceMismatches: 0,
  };
  await pool(byUser.length, 8, async (u) => {
    const purchases = byUser[u]!;
    const user = purchases[0]!.user;
    const [me, entries] = await Promise.all([app.me(user), app.ledger(user)]);
    const credits = (JSON.parse(me.body) as { credits: number }).credits;
    for (const p of purchases) {
      check.sessions++;
      const n = entries.filter((e) => e.kind === 'purchase' && e.reference === p.sessionId).length;
      if (n === 1) check.creditedOnce++;
      else if (n === 0) check.missing++;
      else check.duplicated++;
    }
    const sum = entries.reduce((s, e) => s + e.delta, 0);
    if (credits !== 1000 * purchases.length || sum !== credits) check.balanceMismatches++;
  });
  return check;
}
