// The invariant check itself can fail: a closed account left with a billing subscription, and a
// user with two, are both reported (and a consistent database passes).
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { grantCredits, signUp } from '../helpers';
import { expectDatabaseInvariants } from './database-invariants';

async function insertSubscription(id: string, userId: string, status: string): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO subscriptions (id, user_id, plan_id, status, source_at, source_rank, updated_at)
     VALUES (?, ?, 'pro', ?, 0, 0, 0)`,
  )
    .bind(id, userId, status)
    .run();
}

describe('the whole-database invariant check', () => {
  it('passes on a database where money adds up', async () => {
    const { id: userId } = await signUp();
    await grantCredits(userId, 500);
    expect(await expectDatabaseInvariants()).toBeGreaterThan(0);
  });

  it('reports a user with two billing subscriptions and a closed account still billed', async () => {
    const { id: userId } = await signUp();
    await insertSubscription('sub_inv_a', userId, 'active');
    await insertSubscription('sub_inv_b', userId, 'past_due');
    await expect(expectDatabaseInvariants()).rejects.toThrow(/at most one billing subscription per user/);

    await env.DB.prepare(`DELETE FROM subscriptions WHERE id = 'sub_inv_b'`).run();
    await env.DB.prepare(`UPDATE users SET email = 'deleted-' || id || '@deleted.invalid' WHERE id = ?`)
      .bind(userId)
      .run();
    await expect(expectDatabaseInvariants()).rejects.toThrow(/no billing subscription on a closed account/);

    // Leave the file's database consistent for the after-file check.
    await env.DB.prepare(`DELETE FROM subscriptions WHERE id = 'sub_inv_a'`).run();
    await expectDatabaseInvariants();
  });
});
