// The two cron triggers (worker/cron.ts): at a ten-minute mark both fire, as two runs, and each does
// only its own part, so the every-minute safety nets run once that minute, not twice. A run named by
// neither trigger (`GET /__scheduled` in dev, the bench's sweep row) does both.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { RECONCILE_CRON, SWEEP_CRON } from '../../worker/cron';
import { ignoreCommits } from '../../worker/ledger/commit';
import { grant } from '../../worker/ledger/spending';
import { balanceOf, runScheduled, signUp, testDb } from '../helpers';
import { entriesOf, expectLedgerConsistent, HOUR } from '../ledger/support';

/** A user with 40 credits in a lot that expired an hour ago, unswept (no room was told: no alarm). */
async function userWithExpiredLot() {
  const user = await signUp();
  const past = Date.now() - 2 * HOUR;
  const lot = {
    userId: user.id,
    amount: 40,
    reason: 'promo',
    idempotencyKey: crypto.randomUUID(),
    expiresAt: past + HOUR,
  };
  const granted = await grant(testDb(), ignoreCommits, lot, past);
  if (granted.outcome !== 'granted') throw new Error(granted.outcome);
  return user;
}

/** A login session that expired an hour ago, as the ten-minute run's clean-up finds it. */
async function expiredSession(userId: string): Promise<() => Promise<boolean>> {
  const token = `cron-${crypto.randomUUID()}`;
  await env.DB.prepare('INSERT INTO sessions (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)')
    .bind(token, userId, Date.now() - HOUR, Date.now() - 2 * HOUR)
    .run();
  return async () => (await env.DB.prepare('SELECT 1 FROM sessions WHERE token_hash = ?').bind(token).first()) !== null;
}

const expired = async (userId: string) => (await entriesOf(userId, 'expire')).map((e) => e.delta);

describe('the cron triggers', () => {
  it('the ten-minute run cleans up and sweeps nothing; the minute run sweeps and cleans nothing up', async () => {
    const user = await userWithExpiredLot();
    const first = await expiredSession(user.id);

    await runScheduled(RECONCILE_CRON);
    expect(await first()).toBe(false);
    expect(await expired(user.id)).toEqual([]);
    expect(await balanceOf(user.id)).toMatchObject({ credits: 40 });

    const second = await expiredSession(user.id);
    await runScheduled(SWEEP_CRON);
    expect(await expired(user.id)).toEqual([-40]);
    expect(await balanceOf(user.id)).toMatchObject({ credits: 0 });
    expect(await expectLedgerConsistent(user.id)).toBe(0);
    expect(await second()).toBe(true);
  });

  it('a run named by neither trigger does both parts', async () => {
    const user = await userWithExpiredLot();
    const session = await expiredSession(user.id);

    await runScheduled('');
    expect(await expired(user.id)).toEqual([-40]);
    expect(await session()).toBe(false);
  });
});
