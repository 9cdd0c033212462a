// Diagnostics for rows 2 and 3: where a webhook's time goes, on the same stack and client, one
// request at a time (interleaved) and at 20 in flight. Each request adds one cost to another:
//   no-op (GET /api/health)                      wrangler's proxy, Hono, the client
//   GET /api/auth/me                             + one D1 round trip (a read)
//   webhook, ignored event type                  + body, signature, JSON, the log line; no D1
//   webhook, same event id again                 whatever the Worker does for a repeated id
//   webhook, new event id for a credited session + one D1 batch that applies nothing; no push
//   webhook, new purchase (response) → push      + the applied entry, the Durable Object publish
import type { AppClient, Purchase } from '../lib/app';
import { frameArrivals } from '../lib/arrivals';
import { type LoadRun, loadInterleaved } from './throughput';

export type Step = 'noop' | 'me' | 'ignored' | 'sameId' | 'newId' | 'purchase' | 'push';

export interface Breakdown {
  sequential: Record<Step, number[]>;
  /** A new TCP connection per request (no keep-alive): the no-op and the push. */
  fresh: { noop: number[]; push: number[] };
  /** Each request after `gapMs` of quiet (keep-alive): how the sporadic requests of row 1 fare. */
  spaced: { gapMs: number; noop: number[]; push: number[] };
  /** At 20 in flight, interleaved blocks. */
  ceilings: Record<'noop' | 'me' | 'ignored' | 'newId', LoadRun>;
}

/** The same signed event with another id (and optionally another type). */
function variant(payload: string, suffix: string, type?: string): string {
  const event = JSON.parse(payload) as { id: string; type: string };
  event.id = `${event.id}_${suffix}`;
  if (type) event.type = type;
  return JSON.stringify(event);
}

export async function breakdown(
  app: AppClient,
  purchases: Purchase[],
  opts: {
    samples: number;
    fresh: number;
    spaced: number;
    gapMs: number;
    warmup: number;
    ceilingRequests: number;
    inFlight: number;
  },
): Promise<Breakdown> {
  const user = purchases[0]!.user;
  const frames = frameArrivals((frame) => frame.change?.reference);
  const socket = await app.openLive(user, frames.onFrame);

  const credited = purchases[0]!.payload;
  const ignored = variant(credited, 'ignored', 'customer.created');
  const first = await app.deliver(credited);
  if (first.status !== 200) throw new Error(`breakdown: webhook -> ${first.status} ${first.body}`);
  let next = 1;
  let redelivery = 0;
  const out: Breakdown = {
    sequential: { noop: [], me: [], ignored: [], sameId: [], newId: [], purchase: [], push: [] },
    fresh: { noop: [], push: [] },
    spaced: { gapMs: opts.gapMs, noop: [], push: [] },
    ceilings: {} as Breakdown['ceilings'],
  };
  try {
    for (let i = 0; i < opts.warmup + opts.samples; i++) {
      const noop = await app.health();
      const me = await app.me(user);
      const ign = await app.deliver(ignored);
      const same = await app.deliver(credited);
      const fresh = await app.deliver(variant(credited, `r${++redelivery}`));
      const p = purchases[next++]!;
      const arrived = frames.wait(p.sessionId, 5000);
      const buy = await app.deliver(p.payload);
      const at = await arrived;
      for (const r of [noop, me, ign, same, fresh, buy])
        if (r.status !== 200) throw new Error(`breakdown: ${r.status} ${r.body}`);
      if (i < opts.warmup) continue;
      const s = out.sequential;
      s.noop.push(noop.end - noop.start);
      s.me.push(me.end - me.start);
      s.ignored.push(ign.end - ign.start);
      s.sameId.push(same.end - same.start);
      s.newId.push(fresh.end - fresh.start);
      s.purchase.push(buy.end - buy.start);
      if (at !== null) s.push.push(at - buy.start);
    }
    for (let i = 0; i < opts.fresh; i++) {
      const noop = await app.health({ fresh: true });
      const p = purchases[next++]!;
      const arrived = frames.wait(p.sessionId, 5000);
      const buy = await app.deliver(p.payload, { fresh: true });
      const at = await arrived;
      out.fresh.noop.push(noop.end - noop.start);
      if (at !== null) out.fresh.push.push(at - buy.start);
    }
    for (let i = 0; i < opts.spaced; i++) {
      await new Promise((resolve) => setTimeout(resolve, opts.gapMs));
      const noop = await app.health();
      await new Promise((resolve) => setTimeout(resolve, opts.gapMs));
      const p = purchases[next++]!;
      const arrived = frames.wait(p.sessionId, 5000);
      const buy = await app.deliver(p.payload);
      const at = await arrived;
      out.spaced.noop.push(noop.end - noop.start);
      if (at !== null) out.spaced.push.push(at - buy.start);
    }
  } finally {
    socket.close();
  }
  const n = opts.ceilingRequests;
  const ids = Array.from({ length: n }, (_, i) => variant(credited, `c${i}`));
  out.ceilings = (await loadInterleaved(
    [
      { name: 'noop', count: n, send: () => app.health() },
      { name: 'me', count: n, send: () => app.me(user) },
      { name: 'ignored', count: n, send: () => app.deliver(ignored) },
      { name: 'newId', count: n, send: (i) => app.deliver(ids[i]!) },
    ],
    opts.inFlight,
    5,
  )) as Breakdown['ceilings'];
  return out;
}

export const breakdownPurchasesNeeded = (opts: { samples: number; fresh: number; spaced: number; warmup: number }) =>
  1 + opts.samples + opts.warmup + opts.fresh + opts.spaced;
