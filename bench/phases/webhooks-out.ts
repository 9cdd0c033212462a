// Row 8: webhooks out (issue 21). A node:http receiver in the bench client, registered through the
// service API, verifies every delivery with `standardwebhooks` and answers 200. Latency: purchase
// webhook start → the receiver has the signed `credits.purchased` and answers, interleaved with the
// same purchase's push on an open socket. Throughput: 20 users purchasing at once → deliveries/s,
// each webhook-id exactly once, none lost.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppClient, BalanceFrame, Purchase } from '../lib/app';
import { http, json } from '../lib/http';
import { Receiver } from '../lib/receiver';

export interface WebhooksOutResult {
  /** Purchase webhook start → receiver answered 200 for its `credits.purchased`. */
  receiverMs: number[];
  /** The same purchases: webhook start → the push frame on the open socket. */
  pushMs: number[];
  latencyMissed: number;
  through: {
    users: number;
    purchases: number;
    /** First purchase webhook sent → last event received. */
    seconds: number;
    perSecond: number;
    /** Distinct webhook-ids received / received more than once / sessions with no event / with more than one. */
    delivered: number;
    duplicated: number;
    lost: number;
    doubled: number;
    /** Purchase webhooks (inbound) that did not answer 200. */
    non2xx: number;
  };
  /** Deliveries that failed `standardwebhooks` verification (answered 400). */
  badSignatures: number;
}

export async function webhooksOut(
  app: AppClient,
  apiKey: string,
  latency: Purchase[],
  warmup: number,
  byUser: Purchase[][],
  onProgress?: (label: string, done: number) => void,
): Promise<WebhooksOutResult> {
  const receiver = new Receiver();
  const url = await receiver.listen();
  const auth = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const created = await json<{ endpoint: { id: string }; secret: string }>(
    `${app.origin}/api/v1/webhook-endpoints`,
    { method: 'POST', headers: auth, body: JSON.stringify({ url, events: ['credits.purchased'] }) },
    201,
  );
  receiver.useSecret(created.secret);
  try {
    const lat = await latencyRun(app, receiver, latency, warmup, (done) => onProgress?.('latency', done));
    const through = await throughputRun(app, receiver, byUser);
    return { ...lat, through, badSignatures: receiver.badSignatures };
  } finally {
    // Every later purchase on this stack would write and deliver events: remove the endpoint.
    await http(`${app.origin}/api/v1/webhook-endpoints/${created.endpoint.id}`, { method: 'DELETE', headers: auth });
    await receiver.close();
  }
}

/** One purchase at a time: its push and its delivery, both timed from the webhook request's start. */
async function latencyRun(
  app: AppClient,
  receiver: Receiver,
  purchases: Purchase[],
  warmup: number,
  onProgress: (done: number) => void,
) {
  const frames = new Map<string, (at: number) => void>();
  const onFrame = (frame: BalanceFrame, at: number) => {
    const ref = frame.change?.reference;
    if (ref) frames.get(ref)?.(at);
  };
  const socket = await app.openLive(purchases[0]!.user, onFrame);
  const receiverMs: number[] = [];
  const pushMs: number[] = [];
  let latencyMissed = 0;
  try {
    for (const [i, p] of purchases.entries()) {
      const pushed = Promise.race([
        new Promise<number>((resolve) => frames.set(p.sessionId, resolve)),
        sleep(5000).then(() => null),
      ]);
      const delivered = receiver.wait(p.sessionId, 15_000);
      const hook = await app.deliver(p.payload);
      const [pushAt, deliveredAt] = await Promise.all([pushed, delivered]);
      frames.delete(p.sessionId);
      if (i < warmup) continue;
      if (hook.status !== 200 || pushAt === null || deliveredAt === null) latencyMissed++;
      if (pushAt !== null) pushMs.push(pushAt - hook.start);
      if (deliveredAt !== null) receiverMs.push(deliveredAt - hook.start);
      onProgress(i + 1 - warmup);
    }
  } finally {
    socket.close();
  }
  return { receiverMs, pushMs, latencyMissed };
}

/**
 * Every user sends its purchases one after another, all users at once (one purchase webhook in
 * flight per user). Done when every session's event has arrived (or 60 s passed); then 2 s more of
 * listening, longer than the queue's batch wait, so a late second copy of a webhook-id is counted.
 */
async function throughputRun(app: AppClient, receiver: Receiver, byUser: Purchase[][]) {
  const before = receiver.arrivals.length;
  const sessions = byUser.flat();
  const arrived = sessions.map((p) => receiver.wait(p.sessionId, 60_000));
  const start = performance.now();
  let non2xx = 0;
  await Promise.all(
    byUser.map(async (purchases) => {
      for (const p of purchases) if ((await app.deliver(p.payload)).status !== 200) non2xx++;
    }),
  );
  const ats = await Promise.all(arrived);
  const got = ats.filter((a): a is number => a !== null);
  const seconds = ((got.length ? Math.max(...got) : performance.now()) - start) / 1000;
  await sleep(2000);
  const mine = new Set(sessions.map((p) => p.sessionId));
  const arrivals = receiver.arrivals.slice(before).filter((a) => mine.has(a.sessionId));
  const perId = new Map<string, number>();
  for (const a of arrivals) perId.set(a.webhookId, (perId.get(a.webhookId) ?? 0) + 1);
  const idsPerSession = new Map<string, Set<string>>();
  for (const a of arrivals)
    idsPerSession.set(a.sessionId, (idsPerSession.get(a.sessionId) ?? new Set()).add(a.webhookId));
  return {
    users: byUser.length,
    purchases: sessions.length,
    seconds,
    perSecond: perId.size / seconds,
    delivered: perId.size,
    duplicated: [...perId.values()].filter((n) => n > 1).length,
    lost: sessions.length - idsPerSession.size,
    doubled: [...idsPerSession.values()].filter((ids) => ids.size > 1).length,
    non2xx,
  };
}
