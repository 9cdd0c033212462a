// Holds over HTTP (issue 10 item 4, API.md "Holds"): reserve, capture any amount (the rest goes back
// to the lots it came from), release, extend (never past 24 h), expiry; what /me and the socket show.
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepUser } from '../../worker/ledger/expiry';
import { releaseHold, reserveHold } from '../../worker/ledger/holds';
import { grant, spend } from '../../worker/ledger/spending';
import { type Account, api, balanceOf, signUp, testDb } from '../helpers';
import {
  byLot,
  connect,
  DAY,
  drawsOf,
  entriesOf,
  expectLedgerConsistent,
  HOUR,
  holdRow,
  lotRemaining,
} from './support';

const db = testDb();

interface HoldBody {
  id: string;
  amount: number;
  captured: number;
  status: string;
  reason: string;
  expiresAt: string;
  createdAt: string;
}

async function grantLot(userId: string, amount: number, expiresAt: number | null = null, now = Date.now()) {
  const result = await grant(
    db,
    ignoreCommits,
    { userId, amount, reason: 'promo', idempotencyKey: crypto.randomUUID(), expiresAt },
    now,
  );
  if (result.outcome !== 'granted') throw new Error(result.outcome);
  return result;
}

const post = (user: Account, path: string, body?: unknown) =>
  api(`/api/credits/holds${path}`, { method: 'POST', cookie: user.cookie, body: body ?? {} });

async function reserve(user: Account, body: Record<string, unknown>) {
  const res = await post(user, '', { reason: 'render', idempotencyKey: crypto.randomUUID(), ...body });
  expect(res.status).toBe(201);
  return (await res.json()) as { hold: HoldBody; credits: number };
}

async function me(user: Account) {
  return (await (await api('/api/auth/me', { cookie: user.cookie })).json()) as { credits: number; held: number };
}

describe('reserve', () => {
  it('answers 201 {hold, credits}: active, expiring in 900 s by default, debited, held in /me and live', async () => {
    const user = await signUp();
    const lot = await grantLot(user.id, 1000);
    const socket = await connect(user);
    await socket.waitFor(1);

    const before = Date.now();
    const res = await post(user, '', { amount: 300, reason: 'render 7', idempotencyKey: 'job-7' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { hold: HoldBody; credits: number };
    expect(body).toEqual({
      hold: {
        id: expect.stringMatching(/^hold_[0-9a-f]{32}$/),
        amount: 300,
        captured: 0,
        status: 'active',
        reason: 'render 7',
        expiresAt: expect.any(String),
        createdAt: expect.any(String),
        owner: 'user',
      },
      credits: 700,
    });
    const created = Date.parse(body.hold.createdAt);
    expect(created).toBeGreaterThanOrEqual(before);
    expect(Date.parse(body.hold.expiresAt) - created).toBe(900_000);

    const [entry] = await entriesOf(user.id, 'hold');
    expect(entry).toMatchObject({ delta: -300, balance_after: 700, hold_id: body.hold.id });
    expect(await drawsOf(entry!.id)).toEqual([{ lot_id: lot.lotId, delta: -300 }]);
    expect(await holdRow(body.hold.id)).toMatchObject({
      user_id: user.id,
      entry_id: entry!.id,
      amount: 300,
      captured: null,
      status: 'active',
    });
    expect(await me(user)).toMatchObject({ credits: 700, held: 300 });
    expect((await socket.waitFor(2))[1]).toEqual({
      type: 'balance',
      credits: 700,
      held: 300,
      expiring: null,
      version: 2,
      change: { kind: 'hold', delta: -300, reference: 'render 7' },
    });
    expect(await expectLedgerConsistent(user.id)).toBe(700);
    socket.ws.close();
  });

  it('takes ttlSeconds from 60 to 86400', async () => {
    const user = await signUp();
    await grantLot(user.id, 10);
    for (const ttl of [60, 86_400]) {
      const { hold } = await reserve(user, { amount: 1, ttlSeconds: ttl });
      expect(Date.parse(hold.expiresAt) - Date.parse(hold.createdAt)).toBe(ttl * 1000);
    }
    expect(await expectLedgerConsistent(user.id)).toBe(8);
  });
});

describe('capture', () => {
  it('captures part; the rest goes back to the lots it drew from; again → same answer; pushed live', async () => {
    const user = await signUp();
    const soon = await grantLot(user.id, 100, Date.now() + DAY);
    const never = await grantLot(user.id, 1000);
    const { hold } = await reserve(user, { amount: 300 });
    const [holdEntry] = await entriesOf(user.id, 'hold');
    expect(byLot(await drawsOf(holdEntry!.id))).toEqual(
      byLot([
        { lot_id: soon.lotId, delta: -100 },
        { lot_id: never.lotId, delta: -200 },
      ]),
    );
    const socket = await connect(user);
    await socket.waitFor(1);

    const res = await post(user, `/${hold.id}/capture`, { amount: 120 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { hold: HoldBody; credits: number };
    expect(body).toEqual({ hold: { ...hold, status: 'captured', captured: 120 }, credits: 980 });
    // The 180 not captured returns to the lots the hold drew, the last drawn first.
    const [capture] = await entriesOf(user.id, 'capture');
    expect(capture).toMatchObject({ delta: 180, balance_after: 980, source_entry_id: holdEntry!.id });
    expect(await drawsOf(capture!.id)).toEqual([{ lot_id: never.lotId, delta: 180 }]);
    expect([await lotRemaining(soon.lotId), await lotRemaining(never.lotId)]).toEqual([0, 980]);
    expect(await holdRow(hold.id)).toMatchObject({ status: 'captured', captured: 120 });
    expect((await socket.waitFor(2))[1]).toEqual({
      type: 'balance',
      credits: 980,
      held: 0,
      expiring: null,
      version: 4,
      change: { kind: 'capture', delta: 180, reference: 'render' },
    });

    const again = await post(user, `/${hold.id}/capture`, { amount: 120 });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    const other = await post(user, `/${hold.id}/capture`, { amount: 100 });
    expect(other.status).toBe(409);
    expect(await other.json()).toEqual({
      error: { code: 'hold_not_active', message: 'This hold is no longer active (captured, released or expired).' },
    });
    const release = await post(user, `/${hold.id}/release`);
    expect(release.status).toBe(409);
    expect(((await release.json()) as { error: { code: string } }).error.code).toBe('hold_not_active');
    expect(await entriesOf(user.id, 'capture')).toHaveLength(1);
    expect(await entriesOf(user.id, 'release')).toHaveLength(0);
    expect(await expectLedgerConsistent(user.id)).toBe(980);
    socket.ws.close();
  });

  it('capturing 0 returns everything to the same lots; capturing all returns nothing', async () => {
    const user = await signUp();
    const soon = await grantLot(user.id, 100, Date.now() + DAY);
    const never = await grantLot(user.id, 1000);
    const zero = await reserve(user, { amount: 300 });
    const res = await post(user, `/${zero.hold.id}/capture`, { amount: 0 });
    expect(await res.json()).toMatchObject({ hold: { status: 'captured', captured: 0 }, credits: 1100 });
    const [capture] = await entriesOf(user.id, 'capture');
    expect(byLot(await drawsOf(capture!.id))).toEqual(
      byLot([
        { lot_id: soon.lotId, delta: 100 },
        { lot_id: never.lotId, delta: 200 },
      ]),
    );
    expect([await lotRemaining(soon.lotId), await lotRemaining(never.lotId)]).toEqual([100, 1000]);

    const all = await reserve(user, { amount: 250 });
    const full = await post(user, `/${all.hold.id}/capture`, { amount: 250 });
    expect(await full.json()).toMatchObject({ hold: { status: 'captured', captured: 250 }, credits: 850 });
    expect((await entriesOf(user.id, 'capture')).map((e) => e.delta)).toEqual([300, 0]);
    expect(await me(user)).toMatchObject({ credits: 850, held: 0 });
    expect(await expectLedgerConsistent(user.id)).toBe(850);
  });

  it('answers 400 for more than the hold, and changes nothing', async () => {
    const user = await signUp();
    await grantLot(user.id, 100);
    const { hold } = await reserve(user, { amount: 50 });
    const res = await post(user, `/${hold.id}/capture`, { amount: 51 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_request', message: 'amount: must not exceed the amount held' },
    });
    expect(await holdRow(hold.id)).toMatchObject({ status: 'active', captured: null });
    expect(await expectLedgerConsistent(user.id)).toBe(50);
  });

  it('after expiry (no sweep yet) answers 409 hold_expired, and the hold ends expired with its credits back', async () => {
    const user = await signUp();
    const lot = await grantLot(user.id, 500, null, Date.now() - HOUR);
    const old = Date.now() - 30 * 60_000;
    const reserved = await reserveHold(
      db,
      ignoreCommits,
      { userId: user.id, amount: 200, reason: 'render', idempotencyKey: 'old', ttlSeconds: 60 },
      old,
    );
    if (reserved.outcome !== 'reserved') throw new Error(reserved.outcome);
    expect(await balanceOf(user.id)).toMatchObject({ credits: 300 });

    const res = await post(user, `/${reserved.hold.id}/capture`, { amount: 100 });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'hold_expired', message: 'This hold has expired; its credits were returned.' },
    });
    expect(await holdRow(reserved.hold.id)).toMatchObject({ status: 'expired', captured: null });
    const [release] = await entriesOf(user.id, 'release');
    expect(release).toMatchObject({ delta: 200, balance_after: 500 });
    expect(await drawsOf(release!.id)).toEqual([{ lot_id: lot.lotId, delta: 200 }]);
    expect(await entriesOf(user.id, 'capture')).toEqual([]);

    // Captured later still: hold_expired; releasing an expired hold: hold_not_active.
    const later = await post(user, `/${reserved.hold.id}/capture`, { amount: 100 });
    expect(((await later.json()) as { error: { code: string } }).error.code).toBe('hold_expired');
    const rel = await post(user, `/${reserved.hold.id}/release`);
    expect(rel.status).toBe(409);
    expect(((await rel.json()) as { error: { code: string } }).error.code).toBe('hold_not_active');
    expect(await entriesOf(user.id, 'release')).toHaveLength(1);
    expect(await expectLedgerConsistent(user.id)).toBe(500);
  });
});

describe('release', () => {
  it('answers 200 released with everything back; again → the same; capture afterwards → 409', async () => {
    const user = await signUp();
    const lot = await grantLot(user.id, 400);
    const { hold } = await reserve(user, { amount: 150 });
    const res = await post(user, `/${hold.id}/release`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ hold: { ...hold, status: 'released', captured: 0 }, credits: 400 });
    const [release] = await entriesOf(user.id, 'release');
    expect(release).toMatchObject({ delta: 150, balance_after: 400 });
    expect(await drawsOf(release!.id)).toEqual([{ lot_id: lot.lotId, delta: 150 }]);
    expect(await holdRow(hold.id)).toMatchObject({ status: 'released', settled_at: expect.any(Number) });

    const again = await post(user, `/${hold.id}/release`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    const capture = await post(user, `/${hold.id}/capture`, { amount: 0 });
    expect(capture.status).toBe(409);
    expect(((await capture.json()) as { error: { code: string } }).error.code).toBe('hold_not_active');
    expect(await entriesOf(user.id, 'release')).toHaveLength(1);
    expect(await me(user)).toMatchObject({ credits: 400, held: 0 });
    expect(await expectLedgerConsistent(user.id)).toBe(400);
  });

  it('credit returned to a lot that expired meanwhile is never spendable, and the next sweep expires it', async () => {
    const user = await signUp();
    const T = Date.now() + HOUR;
    const lot = await grantLot(user.id, 100, T);
    const reserved = await reserveHold(
      db,
      ignoreCommits,
      { userId: user.id, amount: 100, reason: 'render', idempotencyKey: 'k', ttlSeconds: 86_400 },
      Date.now(),
    );
    if (reserved.outcome !== 'reserved') throw new Error(reserved.outcome);
    const released = await releaseHold(db, ignoreCommits, { userId: user.id, holdId: reserved.hold.id }, T + 1);
    expect(released).toMatchObject({ outcome: 'settled', credits: 100, hold: { status: 'released' } });
    expect(await lotRemaining(lot.lotId)).toBe(100);
    const spent = await spend(
      db,
      ignoreCommits,
      { userId: user.id, amount: 1, reason: 'r', idempotencyKey: 's' },
      T + 1,
    );
    expect(spent).toEqual({ outcome: 'insufficient' });

    expect(await sweepUser(db, ignoreCommits, user.id, T + 2)).toMatchObject({ expiredLots: 1 });
    const [expire] = await entriesOf(user.id, 'expire');
    expect(expire).toMatchObject({ lot_id: lot.lotId, delta: -100, balance_after: 0 });
    expect(await expectLedgerConsistent(user.id)).toBe(0);
  });

  it('over HTTP, credit released to a lot that expired meanwhile is expired at once by the room', async () => {
    const user = await signUp();
    const lot = await grantLot(user.id, 100, Date.now() + 300);
    const { hold } = await reserve(user, { amount: 100 });
    await new Promise((r) => setTimeout(r, 400));

    const res = await post(user, `/${hold.id}/release`);
    expect(await res.json()).toMatchObject({ hold: { status: 'released' }, credits: 100 });
    const spent = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 1, reason: 'render', idempotencyKey: 'after' },
    });
    expect(spent.status).toBe(402);
    // The release's publish told the room of the (past) deadline; its alarm sweeps without anyone asking.
    const deadline = Date.now() + 10_000;
    while ((await entriesOf(user.id, 'expire')).length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await entriesOf(user.id, 'expire')).map((e) => [e.lot_id, e.delta])).toEqual([[lot.lotId, -100]]);
    expect(await me(user)).toMatchObject({ credits: 0, held: 0 });
    expect(await expectLedgerConsistent(user.id)).toBe(0);
  }, 30_000);
});
