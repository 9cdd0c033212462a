// Reconciliation of auto top-up: an attempt whose charge reached Stripe but whose answer and webhook
// were both lost is credited once by asking again with its idempotency key; one never sent is cancelled.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../worker/autotopup/attempts';
import { createIntent } from '../../worker/autotopup/charge';
import { RESEND_WINDOW_MS, reconcilePendingAttempts, STALE_AFTER_MS } from '../../worker/autotopup/reconcile';
import { updateAutoTopup } from '../../worker/autotopup/settings';
import { ignoreCommits } from '../../worker/ledger/commit';
import { balanceOf } from '../helpers';
import { attemptsOf, cardUser, db, intentsOf, stripe, topupCredits } from './support';

async function settingsRow(userId: string) {
  return env.DB.prepare('SELECT payment_method_id FROM auto_topup_settings WHERE user_id = ?')
    .bind(userId)
    .first<{ payment_method_id: string }>();
}

describe('auto top-up reconciliation', () => {
  it('credits once a charge whose answer and webhook were lost', async () => {
    const user = await cardUser(0);
    // Saved without telling the room (not through PUT): it must not run an attempt of its own here.
    const saved = await updateAutoTopup(
      db,
      user.id,
      { enabled: true, thresholdCredits: 1, packId: 'starter', monthlyLimitCents: 5_000 },
      Date.now(),
    );
    expect(saved.outcome).toBe('updated');
    const now = Date.now();
    const started = await startAttempt(db, user.id, now);
    if (started.outcome !== 'started' && started.outcome !== 'resumed') throw new Error(started.outcome);
    // The run marked it sent and reached Stripe, then died before reading the answer.
    await env.DB.prepare('UPDATE auto_topup_attempts SET sent_at = ? WHERE id = ?').bind(now, started.attempt.id).run();
    const card = await settingsRow(user.id);
    await createIntent(stripe(), {
      attempt: started.attempt,
      customerId: started.customerId,
      paymentMethodId: card!.payment_method_id,
    });
    expect((await balanceOf(user.id)).credits).toBe(0);
    const early = await reconcilePendingAttempts(db, stripe(), ignoreCommits, now + 60_000);
    expect(early.pending).toBe(0);
    const report = await reconcilePendingAttempts(db, stripe(), ignoreCommits, now + STALE_AFTER_MS + 1);
    expect(report.outcomes.credited).toBe(1);
    await reconcilePendingAttempts(db, stripe(), ignoreCommits, now + STALE_AFTER_MS + 2);
    expect((await topupCredits(user.id)).length).toBe(1);
    expect((await intentsOf(user.id)).size).toBe(1);
    expect((await attemptsOf(user.id))[0]).toMatchObject({ status: 'succeeded' });
    expect((await balanceOf(user.id)).credits).toBe(1_000);
  });
});

describe('auto top-up reconciliation past the idempotency window', () => {
  it('never resends an attempt whose answer is unknown after 23 hours: settled failed, still credited if its webhook comes', async () => {
    const user = await cardUser(0);
    await updateAutoTopup(
      db,
      user.id,
      { enabled: true, thresholdCredits: 1, packId: 'starter', monthlyLimitCents: 5_000 },
      Date.now(),
    );
    const now = Date.now();
    const started = await startAttempt(db, user.id, now);
    if (started.outcome !== 'started') throw new Error(started.outcome);
    await env.DB.prepare('UPDATE auto_topup_attempts SET sent_at = ? WHERE id = ?').bind(now, started.attempt.id).run();
    const report = await reconcilePendingAttempts(db, stripe(), ignoreCommits, now + RESEND_WINDOW_MS + 1);
    expect(report.outcomes.failed).toBe(1);
    expect((await intentsOf(user.id)).size).toBe(0);
    expect((await attemptsOf(user.id))[0]).toMatchObject({ status: 'failed', failure_code: 'no_answer' });
  });

  it('asks Stripe by id about an attempt whose PaymentIntent is known', async () => {
    const user = await cardUser(0);
    await updateAutoTopup(
      db,
      user.id,
      { enabled: true, thresholdCredits: 1, packId: 'starter', monthlyLimitCents: 5_000 },
      Date.now(),
    );
    const now = Date.now();
    const started = await startAttempt(db, user.id, now);
    if (started.outcome !== 'started') throw new Error(started.outcome);
    const card = await settingsRow(user.id);
    const intent = await createIntent(stripe(), {
      attempt: started.attempt,
      customerId: started.customerId,
      paymentMethodId: card!.payment_method_id,
    });
    await env.DB.prepare('UPDATE auto_topup_attempts SET sent_at = ?, payment_intent_id = ? WHERE id = ?')
      .bind(now, intent.id, started.attempt.id)
      .run();
    // Long past the key window: only a retrieve by id is safe, and it credits once.
    const report = await reconcilePendingAttempts(db, stripe(), ignoreCommits, now + 2 * RESEND_WINDOW_MS);
    expect(report.outcomes.credited).toBe(1);
    expect((await intentsOf(user.id)).size).toBe(1);
    expect((await topupCredits(user.id)).length).toBe(1);
  });
});
