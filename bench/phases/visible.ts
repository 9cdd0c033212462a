// Row 1: time to visible credits after a purchase, push (the live socket) vs the seed's polling plan
// (GET /api/auth/me 1 s after the redirect, then every 2 s, at most 5 retries), side by side on the
// same purchases. The webhook is delivered by us at a chosen delay after the "redirect" (t0).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppClient, BalanceFrame, Purchase } from '../lib/app';

/** The seed's plan: first refresh 1 s after the redirect, then every 2 s, at most 5 retries. */
export const POLL_FIRST_MS = 1000;
export const POLL_EVERY_MS = 2000;
export const POLL_RETRIES = 5;
export const POLL_LAST_MS = POLL_FIRST_MS + POLL_EVERY_MS * POLL_RETRIES; // 11 s

export interface VisibleSample {
  sessionId: string;
  /** Planned delay of the webhook after t0. */
  delayMs: number;
  /** All times in ms after t0 (the simulated redirect). */
  webhookStart: number;
  webhookEnd: number;
  webhookStatus: number;
  socketOpen: number;
  pushAt: number | null;
  /** Response end of the first /me that showed the credits. */
  pollShownAt: number | null;
  polls: number;
  upgrades: number;
}

export interface VisibleOptions {
  /** Purchase i starts (its redirect, t0) i × startSpacingMs after the first: independent arrivals. */
  startSpacingMs: number;
  /** Delay in ms for purchase i. */
  delays: number[];
  /** How long to wait for a push after the webhook's response before counting it missing. */
  pushTimeoutMs: number;
  onProgress?: (done: number) => void;
}

async function sleepUntil(t: number) {
  const wait = t - performance.now();
  if (wait > 0) await sleep(wait);
}

async function onePurchase(
  app: AppClient,
  purchase: Purchase,
  delayMs: number,
  pushTimeoutMs: number,
): Promise<VisibleSample> {
  const { user, sessionId, payload } = purchase;
  const t0 = performance.now();
  let pushAt: number | null = null;
  let pushed: () => void = () => {};
  const pushSeen = new Promise<void>((resolve) => (pushed = resolve));
  const isOurs = (frame: BalanceFrame) => frame.change?.kind === 'purchase' && frame.change.reference === sessionId;

  // The success page after the redirect: one socket, and (in the seed's plan) a poller.
  const socketPromise = app.openLive(user, (frame, at) => {
    if (pushAt === null && isOurs(frame)) {
      pushAt = at - t0;
      pushed();
    }
  });

  const poller = (async () => {
    let polls = 0;
    for (let k = 0; k <= POLL_RETRIES; k++) {
      await sleepUntil(t0 + POLL_FIRST_MS + POLL_EVERY_MS * k);
      const res = await app.me(user);
      polls++;
      if (res.status === 200 && (JSON.parse(res.body) as { credits: number }).credits >= 1000) {
        return { polls, shownAt: res.end - t0 };
      }
    }
    return { polls, shownAt: null };
  })();

  const socket = await socketPromise;
  const socketOpen = performance.now() - t0;
  // The socket may have opened after the credit committed: then its snapshot already shows it.
  if (socket.snapshot.credits >= 1000 && pushAt === null) {
    pushAt = socketOpen;
    pushed();
  }

  await sleepUntil(t0 + delayMs);
  const hook = await app.deliver(payload);
  const webhookStart = hook.start - t0;
  const webhookEnd = hook.end - t0;

  await Promise.race([pushSeen, sleep(pushTimeoutMs)]);
  const { polls, shownAt } = await poller;
  socket.close();
  return {
    sessionId,
    delayMs,
    webhookStart,
    webhookEnd,
    webhookStatus: hook.status,
    socketOpen,
    pushAt,
    pollShownAt: shownAt,
    polls,
    upgrades: 1,
  };
}

export async function timeToVisible(
  app: AppClient,
  purchases: Purchase[],
  opts: VisibleOptions,
): Promise<VisibleSample[]> {
  // Staggered starts rather than a pool: a pool refills its slots when earlier purchases finish,
  // and since every poller runs on the same 1 s + 2 s grid, finishing (and so starting) would
  // come in synchronized bursts of socket upgrades that no real set of buyers produces.
  const first = performance.now();
  let done = 0;
  return Promise.all(
    purchases.map(async (purchase, i) => {
      await sleepUntil(first + i * opts.startSpacingMs);
      const sample = await onePurchase(app, purchase, opts.delays[i]!, opts.pushTimeoutMs);
      opts.onProgress?.(++done);
      return sample;
    }),
  );
}

/** Derived per-purchase waits (ms), per the bench's definitions; see RESULTS.md notes. */
export function visibleWaits(s: VisibleSample) {
  return {
    /** Push after the webhook's response reached the sender; ≤ 0 when the push arrived first. */
    pushAfterResponse: s.pushAt === null ? null : s.pushAt - s.webhookEnd,
    /** Poll after the webhook's response reached the sender. */
    pollAfterResponse: s.pollShownAt === null ? null : s.pollShownAt - s.webhookEnd,
    /** Both from the moment the webhook request started (includes the commit). */
    pushAfterStart: s.pushAt === null ? null : s.pushAt - s.webhookStart,
    pollAfterStart: s.pollShownAt === null ? null : s.pollShownAt - s.webhookStart,
  };
}
