// Expiry (issue 10 item 3): expired credit is unspendable from the instant it expires, a sweep
// writes one `expire` entry per lot, the BalanceRoom alarm and the cron may race and still write one,
// the expiry is pushed live, and /api/auth/me carries the soonest lot expiring within 7 days.
import {
  createExecutionContext,
  createScheduledController,
  env,
  runDurableObjectAlarm,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SWEEP_CRON, scheduled } from '../../worker/cron';
import { ignoreCommits } from '../../worker/ledger/commit';
import { sweepUser } from '../../worker/ledger/expiry';
import { reserveHold } from '../../worker/ledger/holds';
import { grant, spend } from '../../worker/ledger/spending';
import { roomFor } from '../../worker/live/publisher';
import { api, balanceOf, lotsOf, runScheduled, signUp, testDb } from '../helpers';
import { connect, DAY, drawsOf, entriesOf, expectLedgerConsistent, HOUR, holdRow, livePublisher } from './support';

const db = testDb();

async function grantLot(
  userId: string,
  amount: number,
  expiresAt: number | null,
  now = Date.now(),
  onCommit = ignoreCommits,
) {
  const result = await grant(
    db,
    onCommit,
    { userId, amount, reason: 'promo', idempotencyKey: crypto.randomUUID(), expiresAt },
    now,
  );
  if (result.outcome !== 'granted') throw new Error(result.outcome);
  return result;
}

const spendAt = (userId: string, amount: number, now: number) =>
  spend(db, ignoreCommits, { userId, amount, reason: 'render', idempotencyKey: crypto.randomUUID() }, now);

describe('the instant credit expires', () => {
  it('credit expiring at T is refused at T and T + 1 ms, with no sweep run, and spendable at T - 1 ms', async () => {
    const user = await signUp();
    const T = Date.now() + HOUR;
    const lot = await grantLot(user.id, 100, T);

    expect(await spendAt(user.id, 1, T + 1)).toEqual({ outcome: 'insufficient' });
    expect(await spendAt(user.id, 1, T)).toEqual({ outcome: 'insufficient' });
    const hold = await reserveHold(
      db,
      ignoreCommits,
      { userId: user.id, amount: 1, reason: 'job', idempotencyKey: crypto.randomUUID() },
      T + 1,
    );
    expect(hold).toEqual({ outcome: 'insufficient' });
    // Refusals write nothing: the grant is still the only entry, and nothing swept it.
    expect((await entriesOf(user.id)).map((e) => e.kind)).toEqual(['grant']);

    const spent = await spendAt(user.id, 100, T - 1);
    expect(spent).toMatchObject({ outcome: 'spent', credits: 0 });
    if (spent.outcome !== 'spent') throw new Error();
    expect(await drawsOf(spent.entryId)).toEqual([{ lot_id: lot.lotId, delta: -100 }]);
    expect(await expectLedgerConsistent(user.id)).toBe(0);
  });

  it('past T, a spend draws only the unexpired lots while the expired one still counts in the balance', async () => {
    const user = await signUp();
    const T = Date.now() + HOUR;
    const expiring = await grantLot(user.id, 100, T);
    const never = await grantLot(user.id, 40, null);

    expect(await spendAt(user.id, 41, T + 1)).toEqual({ outcome: 'insufficient' });
    const spent = await spendAt(user.id, 40, T + 1);
    expect(spent).toMatchObject({ outcome: 'spent', credits: 100 });
    if (spent.outcome !== 'spent') throw new Error();
    expect(await drawsOf(spent.entryId)).toEqual([{ lot_id: never.lotId, delta: -40 }]);
    expect((await lotsOf(user.id)).map((l) => [l.id, l.remaining])).toEqual([
      [expiring.lotId, 100],
      [never.lotId, 0],
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(100);
  });
});

describe('sweepUser', () => {
  it('writes one expire entry per expired lot for what remained, and nothing when run again', async () => {
    const user = await signUp();
    const past = Date.now() - 2 * HOUR;
    const a = await grantLot(user.id, 100, past + HOUR, past);
    const b = await grantLot(user.id, 50, past + HOUR + 1, past);
    const liveAt = Date.now() + DAY;
    const live = await grantLot(user.id, 20, liveAt, past);
    const never = await grantLot(user.id, 10, null, past);
    // Before they expired, 30 was spent from the soonest lot.
    expect(await spendAt(user.id, 30, past + 1)).toMatchObject({ outcome: 'spent', credits: 150 });

    const now = Date.now();
    const swept = await sweepUser(db, ignoreCommits, user.id, now);
    expect(swept).toMatchObject({ expiredLots: 2, expiredHolds: 0 });
    expect(swept.state).toMatchObject({ userId: user.id, credits: 30, held: 0, nextDeadline: liveAt });

    const expires = await entriesOf(user.id, 'expire');
    expect(expires.map((e) => ({ delta: e.delta, lot: e.lot_id }))).toEqual([
      { delta: -70, lot: a.lotId },
      { delta: -50, lot: b.lotId },
    ]);
    expect(await drawsOf(expires[0]!.id)).toEqual([{ lot_id: a.lotId, delta: -70 }]);
    expect(await drawsOf(expires[1]!.id)).toEqual([{ lot_id: b.lotId, delta: -50 }]);
    expect((await lotsOf(user.id)).map((l) => [l.id, l.remaining])).toEqual([
      [a.lotId, 0],
      [b.lotId, 0],
      [live.lotId, 20],
      [never.lotId, 10],
    ]);

    expect(await sweepUser(db, ignoreCommits, user.id, now + 1)).toMatchObject({ expiredLots: 0, expiredHolds: 0 });
    expect(await entriesOf(user.id, 'expire')).toHaveLength(2);
    expect(await expectLedgerConsistent(user.id)).toBe(30);
  });

  it('two sweeps of the same user at once write one expire entry per lot', async () => {
    const user = await signUp();
    const past = Date.now() - HOUR;
    const a = await grantLot(user.id, 10, past + 1, past);
    const b = await grantLot(user.id, 20, past + 2, past);
    const now = Date.now();
    const results = await Promise.all([1, 2, 3].map(() => sweepUser(db, ignoreCommits, user.id, now)));
    expect(results.reduce((n, r) => n + r.expiredLots, 0)).toBe(2);
    expect((await entriesOf(user.id, 'expire')).map((e) => [e.lot_id, e.delta])).toEqual([
      [a.lotId, -10],
      [b.lotId, -20],
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(0);
  });
});

describe('the alarm and the cron', () => {
  it('racing each other, they write exactly one expire entry per lot', async () => {
    for (let round = 0; round < 3; round++) {
      const user = await signUp();
      const past = Date.now() - HOUR;
      const lots = [];
      for (let i = 0; i < 4; i++) lots.push(await grantLot(user.id, 10 + i, past + 1000 + i, past));
      await grantLot(user.id, 7, null, past);
      // Arm the user's room through its own API (as every publish does), far enough ahead that it
      // does not fire by itself; runDurableObjectAlarm fires it now.
      const room = roomFor(env, user.id);
      await room.publish({ userId: user.id, messages: [], nextDeadline: Date.now() + 10 * 60_000 });

      const ctx = createExecutionContext();
      const [alarmRan] = await Promise.all([
        runDurableObjectAlarm(room),
        scheduled(createScheduledController({ scheduledTime: Date.now(), cron: SWEEP_CRON }), env, ctx),
      ]);
      await waitOnExecutionContext(ctx);
      expect(alarmRan).toBe(true);

      const expires = await entriesOf(user.id, 'expire');
      expect(expires.map((e) => [e.lot_id, e.delta]).sort((x, y) => x[0]! - y[0]!)).toEqual(
        lots.map((l, i) => [l.lotId, -(10 + i)]),
      );
      expect(await balanceOf(user.id)).toMatchObject({ credits: 7 });
      expect(await expectLedgerConsistent(user.id)).toBe(7);
      // Nothing left to wake for: the alarm did not re-arm.
      expect(await runDurableObjectAlarm(room)).toBe(false);
    }
  });

  it('the alarm armed by a publish sweeps the lot on time and pushes the expiry live with `expiring` updated', async () => {
    const user = await signUp();
    const socket = await connect(user);
    await socket.waitFor(1);
    const live = livePublisher();
    const laterAt = Date.now() + 3 * DAY;
    await grantLot(user.id, 25, laterAt, Date.now(), live.onCommit);
    // Each grant's push reaches the room before the next is made: two pushes in flight at once may
    // arrive out of order, and the room (rightly) drops the older version; this test is about the alarm.
    await live.flushed();
    await socket.waitFor(2);
    const soonAt = Date.now() + 400;
    const soon = await grantLot(user.id, 30, soonAt, Date.now(), live.onCommit);
    await live.flushed();

    // Nobody calls anything: the room's alarm fires at the deadline by itself.
    const messages = await socket.waitFor(4, 15_000);
    expect(messages).toEqual([
      { type: 'balance', credits: 0, held: 0, expiring: null, version: 0 },
      {
        type: 'balance',
        credits: 25,
        held: 0,
        expiring: { credits: 25, at: new Date(laterAt).toISOString() },
        version: 1,
        change: { kind: 'grant', delta: 25, reference: 'promo' },
      },
      {
        type: 'balance',
        credits: 55,
        held: 0,
        expiring: { credits: 30, at: new Date(soonAt).toISOString() },
        version: 2,
        change: { kind: 'grant', delta: 30, reference: 'promo' },
      },
      {
        type: 'balance',
        credits: 25,
        held: 0,
        expiring: { credits: 25, at: new Date(laterAt).toISOString() },
        version: 3,
        change: { kind: 'expire', delta: -30, reference: 'promo' },
      },
    ]);
    const [expire] = await entriesOf(user.id, 'expire');
    expect(expire).toMatchObject({ lot_id: soon.lotId, delta: -30 });
    expect(await expectLedgerConsistent(user.id)).toBe(25);
    // Re-armed for the 3-day lot; clear it so it cannot leak into anything else.
    expect(await runDurableObjectAlarm(roomFor(env, user.id))).toBe(true);
    expect(await entriesOf(user.id, 'expire')).toHaveLength(1);
    socket.ws.close();
  }, 30_000);
});

describe("the room's alarm", () => {
  it('keeps an earlier deadline published while it was sweeping (a new short hold) instead of overwriting it', async () => {
    const user = await signUp();
    const past = Date.now() - HOUR;
    await grantLot(user.id, 10, past + 1, past);
    const laterAt = Date.now() + 3 * DAY;
    await grantLot(user.id, 20, laterAt);
    const room = roomFor(env, user.id);
    await room.publish({ userId: user.id, messages: [], nextDeadline: Date.now() + 60 * 60_000 });

    const soon = Date.now() + 10 * 60_000;
    const alarmAt = await runInDurableObject(room, async (instance, state) => {
      // The sweep waits on D1; a publish (a hold due in 10 minutes) lands meanwhile.
      const sweeping = instance.alarm();
      await instance.publish({ userId: user.id, messages: [], nextDeadline: soon });
      await sweeping;
      const at = await state.storage.getAlarm();
      await state.storage.deleteAlarm();
      return at;
    });
    expect(await entriesOf(user.id, 'expire')).toHaveLength(1);
    expect(alarmAt).toBe(soon);
    expect(await expectLedgerConsistent(user.id)).toBe(20);
  });
});

describe('expiring holds', () => {
  it('the alarm releases a hold at its expiry by itself and pushes it live (status expired, held 0)', async () => {
    const user = await signUp();
    const lot = await grantLot(user.id, 500, null);
    const socket = await connect(user);
    await socket.waitFor(1);
    const live = livePublisher();
    // Made 59.6 s ago with a 60 s TTL: it expires in 0.4 s, and the reserve's publish arms the alarm.
    const made = Date.now() - 59_600;
    const reserved = await reserveHold(
      db,
      live.onCommit,
      { userId: user.id, amount: 120, reason: 'render', idempotencyKey: 'soon', ttlSeconds: 60 },
      made,
    );
    if (reserved.outcome !== 'reserved') throw new Error(reserved.outcome);
    await live.flushed();

    const messages = await socket.waitFor(3, 15_000);
    expect(messages.slice(1)).toEqual([
      {
        type: 'balance',
        credits: 380,
        held: 120,
        expiring: null,
        version: 2,
        change: { kind: 'hold', delta: -120, reference: 'render' },
      },
      {
        type: 'balance',
        credits: 500,
        held: 0,
        expiring: null,
        version: 3,
        change: { kind: 'release', delta: 120, reference: 'render' },
      },
    ]);
    expect(await holdRow(reserved.hold.id)).toMatchObject({ status: 'expired', captured: null });
    const [release] = await entriesOf(user.id, 'release');
    expect(await drawsOf(release!.id)).toEqual([{ lot_id: lot.lotId, delta: 120 }]);
    expect(await expectLedgerConsistent(user.id)).toBe(500);
    socket.ws.close();
  }, 30_000);

  it('credit an expired hold returns to an expired lot: one user sweep expires both; after the cron, the next sweep does', async () => {
    const [a, b] = [await signUp(), await signUp()];
    const T = Date.now() - HOUR;
    const made = T - 2 * HOUR;
    const lots = [];
    for (const user of [a, b]) {
      const lot = await grantLot(user.id, 100, T, made);
      const r = await reserveHold(
        db,
        ignoreCommits,
        { userId: user.id, amount: 100, reason: 'job', idempotencyKey: 'h', ttlSeconds: 60 },
        made,
      );
      if (r.outcome !== 'reserved') throw new Error(r.outcome);
      lots.push(lot);
    }

    expect(await sweepUser(db, ignoreCommits, a.id)).toMatchObject({ expiredHolds: 1, expiredLots: 1 });
    expect((await entriesOf(a.id)).map((e) => [e.kind, e.delta])).toEqual([
      ['grant', 100],
      ['hold', -100],
      ['release', 100],
      ['expire', -100],
    ]);
    expect(await expectLedgerConsistent(a.id)).toBe(0);

    // The cron read the lot as empty before the hold's credit came back: never spendable meanwhile,
    // and the next sweep expires it (the room's alarm, armed by the cron's publish, or the next run).
    await runScheduled(SWEEP_CRON);
    expect((await entriesOf(b.id)).map((e) => e.kind)).toContain('release');
    expect(await spendAt(b.id, 1, Date.now())).toEqual({ outcome: 'insufficient' });
    await runScheduled(SWEEP_CRON);
    expect((await entriesOf(b.id)).map((e) => [e.kind, e.delta])).toEqual([
      ['grant', 100],
      ['hold', -100],
      ['release', 100],
      ['expire', -100],
    ]);
    expect(await lotsOf(b.id)).toMatchObject([{ id: lots[1]!.lotId, remaining: 0 }]);
    expect(await expectLedgerConsistent(b.id)).toBe(0);
  });
});

describe('/api/auth/me expiring', () => {
  async function me(cookie: string) {
    const res = await api('/api/auth/me', { cookie });
    expect(res.status).toBe(200);
    return (await res.json()) as { credits: number; held: number; expiring: unknown };
  }

  it('is the soonest lot expiring within 7 days, summing lots that expire at the same instant', async () => {
    const user = await signUp();
    const at = Date.now() + 6 * DAY;
    await grantLot(user.id, 10, at);
    await grantLot(user.id, 15, at);
    await grantLot(user.id, 40, at + HOUR);
    await grantLot(user.id, 100, null);
    expect(await me(user.cookie)).toMatchObject({
      credits: 165,
      held: 0,
      expiring: { credits: 25, at: new Date(at).toISOString() },
    });
    expect(await expectLedgerConsistent(user.id)).toBe(165);
  });

  it('is null when the soonest expiry is beyond 7 days, or nothing expires', async () => {
    const far = await signUp();
    await grantLot(far.id, 10, Date.now() + 8 * DAY);
    expect(await me(far.cookie)).toMatchObject({ credits: 10, expiring: null });
    const never = await signUp();
    await grantLot(never.id, 10, null);
    expect(await me(never.cookie)).toMatchObject({ credits: 10, expiring: null });
    expect(await expectLedgerConsistent(far.id)).toBe(10);
    expect(await expectLedgerConsistent(never.id)).toBe(10);
  });
});
