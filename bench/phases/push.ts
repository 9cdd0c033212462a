// Row 2: push latency (webhook request start → message on an already open socket) vs a no-op
// request (GET /api/health), interleaved one after the other in the same run.
// Row 6: the same push fanned out to many sockets of one user (run.ts: the per-user cap, 50).
import type { AppClient, LiveSocket, Purchase, User } from '../lib/app';
import { frameArrivals } from '../lib/arrivals';
import { pool } from '../lib/http';

/** A socket's frames by the change's reference (a purchase's is its session id). */
const byReference = () => frameArrivals((frame) => frame.change?.reference);

export interface PushVsNoopResult {
  pushMs: number[];
  webhookResponseMs: number[];
  noopMs: number[];
  missed: number;
  non2xx: number;
}

export async function pushVsNoop(
  app: AppClient,
  purchases: Purchase[],
  warmup: number,
  onProgress?: (done: number) => void,
): Promise<PushVsNoopResult> {
  const user = purchases[0]!.user;
  const waiter = byReference();
  const socket = await app.openLive(user, waiter.onFrame);
  const result: PushVsNoopResult = { pushMs: [], webhookResponseMs: [], noopMs: [], missed: 0, non2xx: 0 };
  try {
    for (const [i, p] of purchases.entries()) {
      const arrived = waiter.wait(p.sessionId, 5000);
      const hook = await app.deliver(p.payload);
      const at = await arrived;
      const noop = await app.health();
      if (i < warmup) continue;
      if (hook.status !== 200 || noop.status !== 200) result.non2xx++;
      if (at === null) result.missed++;
      else result.pushMs.push(at - hook.start);
      result.webhookResponseMs.push(hook.end - hook.start);
      result.noopMs.push(noop.end - noop.start);
      onProgress?.(i + 1 - warmup);
    }
  } finally {
    socket.close();
  }
  return result;
}

export interface FanoutResult {
  sockets: number;
  /** Per purchase: webhook start → the last of the sockets has the message. */
  allMs: number[];
  /** Per purchase: webhook start → the first of the sockets has the message. */
  firstMs: number[];
  /** Every socket of every purchase: webhook start → that socket has the message. */
  perSocketMs: number[];
  /** Per purchase: the webhook's own response time (the Worker and the room share the isolate locally). */
  hookMs: number[];
  /** Interleaved with the fan-out purchases: the same push to another user's single socket. */
  singleMs: number[];
  missed: number;
}

export async function fanout(
  app: AppClient,
  user: User,
  purchases: Purchase[],
  /** Another user's purchases, one per fan-out purchase: the interleaved single-socket baseline. */
  singles: Purchase[],
  sockets: number,
  warmup: number,
  onProgress?: (label: string, done: number) => void,
): Promise<FanoutResult> {
  const single = byReference();
  const singleSocket = await app.openLive(singles[0]!.user, single.onFrame);
  const waiters = Array.from({ length: sockets }, () => byReference());
  const opened: LiveSocket[] = await pool(
    sockets,
    20,
    (i) => app.openLive(user, waiters[i]!.onFrame),
    (done) => onProgress?.('sockets open', done),
  );
  const result: FanoutResult = {
    sockets,
    allMs: [],
    firstMs: [],
    perSocketMs: [],
    hookMs: [],
    singleMs: [],
    missed: 0,
  };
  try {
    for (const [i, p] of purchases.entries()) {
      const arrivals = waiters.map((w) => w.wait(p.sessionId, 10_000));
      const hook = await app.deliver(p.payload);
      if (hook.status !== 200) throw new Error(`fan-out webhook -> ${hook.status} ${hook.body}`);
      const ats = await Promise.all(arrivals);
      const s = singles[i]!;
      const sArrival = single.wait(s.sessionId, 5000);
      const sHook = await app.deliver(s.payload);
      const sAt = await sArrival;
      if (i < warmup) continue;
      if (sAt !== null) result.singleMs.push(sAt - sHook.start);
      result.hookMs.push(hook.end - hook.start);
      const got = ats.filter((a): a is number => a !== null);
      result.missed += ats.length - got.length;
      result.perSocketMs.push(...got.map((a) => a - hook.start));
      if (got.length === ats.length) result.allMs.push(Math.max(...got) - hook.start);
      if (got.length > 0) result.firstMs.push(Math.min(...got) - hook.start);
      onProgress?.('purchases', i + 1 - warmup);
    }
  } finally {
    for (const s of opened) s.close();
    singleSocket.close();
  }
  return result;
}
