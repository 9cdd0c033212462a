// Reconciliation of auto top-up: an attempt whose charge reached Stripe but whose answer and webhook
// were both lost is credited once by asking again with its idempotency key; one never sent is cancelled.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createIntent } from '../../worker/autotopup/charge';
import { RESEND_WINDOW_MS, reconcilePendingAttempts, STALE_AFTER_MS } from '../../worker/autotopup/reconcile';
import { ignoreCommits } from '../../worker/ledger/commit';
import { balanceOf } from '../helpers';
import { attemptsOf, db, intentsOf, startedAttempt, stripe, topupCredits } from './support';

describe('auto top-up reconciliation', () => {
  it('credits once a charge whose answer and webhook were lost', async () => {
    const now = Date.now();
    const { user, started } = await startedAttempt(now);
    // The run marked it sent and reached Stripe, then died before reading the answer.
    await env.DB.prepare('UPDATE auto_topup_attempts SET sent_at = ? WHERE id = ?').bind(now, started.attempt.id).run();
    await createIntent(stripe(), started);
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
    const now = Date.now();
    const { user, started } = await startedAttempt(now);
    await env.DB.prepare('UPDATE auto_topup_attempts SET sent_at = ? WHERE id = ?').bind(now, started.attempt.id).run();
    const report = await reconcilePendingAttempts(db, stripe(), ignoreCommits, now + RESEND_WINDOW_MS + 1);
    expect(report.outcomes.failed).toBe(1);
    expect((await intentsOf(user.id)).size).toBe(0);
    expect((await attemptsOf(user.id))[0]).toMatchObject({ status: 'failed', failure_code: 'no_answer' });
  });

  it('asks Stripe by id about an attempt whose PaymentIntent is known', async () => {
    const now = Date.now();
    const { user, started } = await startedAttempt(now);
    const intent = await createIntent(stripe(), started);
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
