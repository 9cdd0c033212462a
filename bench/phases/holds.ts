// Rows 7a and 7d: holds pushed like purchases, and the service door vs the cookie door. One user,
// one open socket; each round, one at a time: a purchase webhook, a cookie hold + capture, a cookie
// hold + release, a service (API key) hold + capture, and a GET /api/auth/me (one D1 round trip).
// Push = the HTTP call's start → the matching frame (change.kind + reference) on the socket.
import type { AppClient, Purchase, User } from '../lib/app';
import { frameArrivals } from '../lib/arrivals';
import { type HttpResult, http } from '../lib/http';

export type HoldStep = 'purchase' | 'hold' | 'capture' | 'release' | 'serviceHold' | 'serviceCapture' | 'me';

export interface HoldsResult {
  /** Call start → frame on the socket (`me`: its response). */
  pushMs: Record<HoldStep, number[]>;
  /** Call start → response. */
  responseMs: Record<HoldStep, number[]>;
  missed: number;
  failed: string[];
}

const STEPS: HoldStep[] = ['purchase', 'hold', 'capture', 'release', 'serviceHold', 'serviceCapture', 'me'];

export async function holdsVsPurchase(
  app: AppClient,
  purchases: Purchase[],
  apiKey: string,
  warmup: number,
  onProgress?: (done: number) => void,
): Promise<HoldsResult> {
  const user = purchases[0]!.user;
  // Frames keyed by `kind:reference` (a hold and its capture share the hold's reason as reference).
  const waiter = frameArrivals((frame) => frame.change && `${frame.change.kind}:${frame.change.reference}`);
  const socket = await app.openLive(user, waiter.onFrame);
  const empty = () => Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<HoldStep, number[]>;
  const result: HoldsResult = { pushMs: empty(), responseMs: empty(), missed: 0, failed: [] };
  const cookie = cookieDoor(app, user);
  const service = serviceDoor(app, user, apiKey);
  // Each step: make the call, wait for its frame (if any), record.
  const step = async (i: number, name: HoldStep, frameKey: string | null, call: () => Promise<HttpResult>) => {
    const arrived = frameKey ? waiter.wait(frameKey, 5000) : null;
    const res = await call();
    const at = arrived ? await arrived : res.end;
    if (res.status >= 300) result.failed.push(`${name} -> ${res.status} ${res.body.slice(0, 120)}`);
    if (i < warmup) return res;
    if (at === null) result.missed++;
    else result.pushMs[name].push(at - res.start);
    result.responseMs[name].push(res.end - res.start);
    return res;
  };
  try {
    for (const [i, p] of purchases.entries()) {
      await step(i, 'purchase', `purchase:${p.sessionId}`, () => app.deliver(p.payload));
      const a = `bench job ${i} a`;
      const held = await step(i, 'hold', `hold:${a}`, () => cookie.reserve(a));
      await step(i, 'capture', `capture:${a}`, () => cookie.capture(holdId(held), 5));
      const b = `bench job ${i} b`;
      const held2 = await step(i, 'hold', `hold:${b}`, () => cookie.reserve(b));
      await step(i, 'release', `release:${b}`, () => cookie.release(holdId(held2)));
      const c = `bench job ${i} c`;
      const held3 = await step(i, 'serviceHold', `hold:${c}`, () => service.reserve(c));
      await step(i, 'serviceCapture', `capture:${c}`, () => service.capture(holdId(held3), 5));
      await step(i, 'me', null, () => app.me(user));
      onProgress?.(i + 1 - warmup);
    }
  } finally {
    socket.close();
  }
  return result;
}

function holdId(res: HttpResult): string {
  if (res.status !== 201) throw new Error(`reserve -> ${res.status} ${res.body.slice(0, 200)}`);
  return (JSON.parse(res.body) as { hold: { id: string } }).hold.id;
}

interface Door {
  reserve(reason: string): Promise<HttpResult>;
  capture(id: string, amount: number): Promise<HttpResult>;
  release(id: string): Promise<HttpResult>;
}

/** The site's routes: the session cookie and the app's Origin. */
function cookieDoor(app: AppClient, user: User): Door {
  const headers = { cookie: user.cookie, origin: app.origin, 'content-type': 'application/json' };
  const base = `${app.origin}/api/credits/holds`;
  return doorOn(base, headers);
}

/** The service API: a Bearer key, the user in the path, no cookie, no Origin. */
function serviceDoor(app: AppClient, user: User, apiKey: string): Door {
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  return doorOn(`${app.origin}/api/v1/users/${user.id}/holds`, headers);
}

function doorOn(base: string, headers: Record<string, string>): Door {
  return {
    reserve: (reason) =>
      http(base, {
        method: 'POST',
        headers,
        body: JSON.stringify({ amount: 10, reason, idempotencyKey: reason.replaceAll(' ', '-') }),
      }),
    capture: (id, amount) =>
      http(`${base}/${id}/capture`, { method: 'POST', headers, body: JSON.stringify({ amount }) }),
    release: (id) => http(`${base}/${id}/release`, { method: 'POST', headers, body: '{}' }),
  };
}
