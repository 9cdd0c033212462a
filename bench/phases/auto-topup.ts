// Row 9 (issue 22): auto top-up on the live path. Each round takes a pair of fresh users (setup:
// auto-topup-setup.ts), one with auto top-up on at THRESHOLD and one with it off, both at a balance
// just above it, and makes the same `POST /api/credits/spend` (the user's spend) cross it for each,
// one at a time, alternating which goes first. 9a: the "on" spend's request start → the top-up's
// `purchase` frame on that user's open socket. 9b: the spend's own response, on vs off. Beside
// them, one at a time: a purchase webhook for the "off" user with its socket open, an off-session PaymentIntent sent straight to the emulator, `GET
// /api/auth/me` and `GET /api/health` (what 9a's budget is built from, auto-topup-figures.ts).
import type { AppClient, User } from '../lib/app';
import { type FrameArrivals, frameArrivals } from '../lib/arrivals';

/** A round's socket: the first frame of each kind (each round has its own socket and user). */
const byKind = () => frameArrivals((frame) => frame.change?.kind);

import { http } from '../lib/http';
import { directIntent, intentsByCustomer, SPEND, STARTER, type TopupUser } from './auto-topup-setup';

export interface AutoTopupResult {
  /** "On" spend's request start → the top-up's `purchase` frame on the socket. */
  creditMs: number[];
  /** "On" spend's request start → the spend's own frame on the same socket. */
  spendPushMs: number[];
  /** The spend's response time, auto top-up on / off, interleaved. */
  onSpendMs: number[];
  offSpendMs: number[];
  /** The "off" user's purchase webhook start → its frame on that user's open socket (a credit's commit and push). */
  purchasePushMs: number[];
  /** One off-session PaymentIntent, bench client → emulator → answer. */
  intentMs: number[];
  /** `GET /api/auth/me` (one D1 read) and `GET /api/health` (no-op), interleaved. */
  meMs: number[];
  noopMs: number[];
  /** Rounds whose top-up frame never came (15 s). */
  missed: number;
  /** After the run, "on" users without exactly one PaymentIntent, one top-up credit and the right balance; "off" users with any top-up credit. */
  notOnce: number;
  failed: string[];
}

const spendOf = (app: AppClient, user: User, key: string) =>
  http(`${app.origin}/api/credits/spend`, {
    method: 'POST',
    headers: { cookie: user.cookie, origin: app.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: SPEND, reason: 'bench row 9', idempotencyKey: key }),
  });

export async function autoTopupRounds(
  app: AppClient,
  secretKey: string,
  pairs: { on: TopupUser; off: TopupUser }[],
  warmup: number,
  onProgress?: (done: number) => void,
): Promise<AutoTopupResult> {
  const r: AutoTopupResult = {
    creditMs: [],
    spendPushMs: [],
    onSpendMs: [],
    offSpendMs: [],
    purchasePushMs: [],
    intentMs: [],
    meMs: [],
    noopMs: [],
    missed: 0,
    notOnce: 0,
    failed: [],
  };
  for (const [i, { on, off }] of pairs.entries()) {
    const keep = i >= warmup;
    const frames = byKind();
    const offFrames = byKind();
    // Both users have a socket open, so both spends publish to one: auto top-up is the only difference.
    const socket = await app.openLive(on.user, frames.onFrame);
    const offSocket = await app.openLive(off.user, offFrames.onFrame);
    try {
      const runOn = async () => {
        const spendFrame = frames.wait('spend', 5_000);
        const topup = frames.wait('purchase', 15_000);
        const res = await spendOf(app, on.user, `bench-9-on-${i}`);
        const [spentAt, creditAt] = await Promise.all([spendFrame, topup]);
        if (res.status !== 200) r.failed.push(`on spend -> ${res.status} ${res.body.slice(0, 120)}`);
        if (!keep) return;
        r.onSpendMs.push(res.end - res.start);
        if (spentAt !== null) r.spendPushMs.push(spentAt - res.start);
        if (creditAt === null) r.missed++;
        else r.creditMs.push(creditAt - res.start);
      };
      const runOff = async () => {
        const res = await spendOf(app, off.user, `bench-9-off-${i}`);
        if (res.status !== 200) r.failed.push(`off spend -> ${res.status} ${res.body.slice(0, 120)}`);
        if (keep) r.offSpendMs.push(res.end - res.start);
      };
      // Alternate the order so neither side always follows the other's background work.
      if (i % 2 === 0) {
        await runOn();
        await runOff();
      } else {
        await runOff();
        await runOn();
      }
      const pushed = await purchasePush(app, off, offFrames);
      const pi = await directIntent(app, secretKey, off, `bench-9-direct-${i}`);
      if (pi.status !== 200) r.failed.push(`direct PaymentIntent -> ${pi.status} ${pi.body.slice(0, 120)}`);
      const me = await app.me(off.user);
      const noop = await app.health();
      if (keep) {
        if (pushed === null) r.missed++;
        else r.purchasePushMs.push(pushed);
        r.intentMs.push(pi.end - pi.start);
        r.meMs.push(me.end - me.start);
        r.noopMs.push(noop.end - noop.start);
      }
    } finally {
      socket.close();
      offSocket.close();
    }
    onProgress?.(i + 1);
  }
  await checkOnce(app, pairs, r);
  return r;
}

/** Delivers the "off" user's held-back purchase, its socket open: webhook start → its frame. */
async function purchasePush(app: AppClient, who: TopupUser, frames: FrameArrivals): Promise<number | null> {
  const purchase = who.purchase;
  if (!purchase) throw new Error('row 9: the "off" user has no purchase held back');
  const arrived = frames.wait('purchase', 5_000);
  const hook = await app.deliver(purchase.payload);
  const at = await arrived;
  return hook.status === 200 && at !== null ? at - hook.start : null;
}

/**
 * After every round (so a late second charge would be counted): each "on" user has exactly one
 * PaymentIntent on the emulator, one top-up credit in its ledger and the balance that makes; each
 * "off" user has no top-up credit (its only PaymentIntents are the direct ones, never told to the Worker).
 */
async function checkOnce(app: AppClient, pairs: { on: TopupUser; off: TopupUser }[], r: AutoTopupResult) {
  const intents = await intentsByCustomer(app);
  for (const { on, off } of pairs) {
    const onTopups = (await app.ledger(on.user)).filter((e) => e.kind === 'purchase' && e.reference.startsWith('pi_'));
    const { credits } = JSON.parse((await app.me(on.user)).body) as { credits: number };
    const expected = STARTER.credits - SPEND + STARTER.credits;
    if (intents.get(on.customerId)?.size !== 1 || onTopups.length !== 1 || credits !== expected) r.notOnce++;
    const offTopups = (await app.ledger(off.user)).filter(
      (e) => e.kind === 'purchase' && e.reference.startsWith('pi_'),
    );
    if (offTopups.length !== 0) r.notOnce++;
  }
}
