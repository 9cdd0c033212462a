// A lot expiring centuries ahead never wedges a user's room (issue 18, item 9): setAlarm throws for
// dates past ~2189, which used to fail every publish (no frames) and every alarm (retrying forever).
// The value is stored through the ledger's own move, bypassing the routes' bound, as old data could be.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { grant } from '../worker/ledger/spending';
import { MAX_ALARM_AHEAD_MS } from '../worker/live/balance-room';
import { signUp, testDb } from './helpers';
import { livePublisher } from './ledger/support';
import { connect } from './live-socket';

const FAR = Date.parse('2300-01-01T00:00:00Z');
const room = (userId: string) => env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(userId));
const alarmOf = (userId: string) => runInDurableObject(room(userId), (_o, state) => state.storage.getAlarm());

describe('a far-future deadline', () => {
  it('still pushes the grant live, arms the alarm at most 30 days ahead, and the alarm re-arms likewise', async () => {
    const user = await signUp();
    const socket = await connect(user);
    await socket.waitFor(1);
    const { onCommit, flushed } = livePublisher();
    const result = await grant(testDb(), onCommit, {
      userId: user.id,
      amount: 250,
      reason: 'lifetime promo',
      idempotencyKey: 'far',
      expiresAt: FAR,
    });
    expect(result.outcome).toBe('granted');
    await flushed();
    const [, pushed] = await socket.waitFor(2);
    expect(pushed).toMatchObject({ type: 'balance', credits: 250, version: 1, change: { kind: 'grant', delta: 250 } });

    const armed = await alarmOf(user.id);
    expect(armed).not.toBeNull();
    expect(armed!).toBeLessThanOrEqual(Date.now() + MAX_ALARM_AHEAD_MS);

    // The alarm wakes early, finds nothing due, and re-arms (not the 5 s retry of a failure).
    expect(await runDurableObjectAlarm(room(user.id))).toBe(true);
    const rearmed = await alarmOf(user.id);
    expect(rearmed).not.toBeNull();
    expect(rearmed!).toBeGreaterThan(Date.now() + MAX_ALARM_AHEAD_MS - 60_000);
    expect(rearmed!).toBeLessThanOrEqual(Date.now() + MAX_ALARM_AHEAD_MS);
    await runInDurableObject(room(user.id), (_o, state) => state.storage.deleteAlarm());
    socket.ws.close(1000, 'done');
  });

  it('arming the alarm directly with a far date clamps it instead of throwing', async () => {
    const user = await signUp();
    await runInDurableObject(room(user.id), async (instance, state) => {
      await instance.armBy(FAR);
      const armed = await state.storage.getAlarm();
      expect(armed).not.toBeNull();
      expect(armed!).toBeLessThanOrEqual(Date.now() + MAX_ALARM_AHEAD_MS);
      await state.storage.deleteAlarm();
    });
  });
});
