// Auto top-up settlement without the charge itself: an attempt started in D1, then settled by
// `payment_intent.*` webhooks and the synchronous path in any order and number — credited once, a
// failure pauses as the contract says, refunds and disputes claw back like a pack, the month's
// limit pauses until the 1st, and turning it off stops an attempt not yet sent.
import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../worker/autotopup/attempts';
import { chargeAttempt } from '../../worker/autotopup/charge';
import { readAutoTopup, updateAutoTopup } from '../../worker/autotopup/settings';
import { settleSucceeded } from '../../worker/autotopup/settle';
import { ignoreCommits } from '../../worker/ledger/commit';
import { balanceOf, expectLedgerConsistent } from '../helpers';
import { deliver, event } from '../stripe-helpers';
import { attemptsOf, db, intentEvent, piId, settingsOf, stripe, topupCredits, topupUser } from './support';

const NOW = Date.UTC(2026, 11, 6, 12);

async function started(userId: string, now = NOW) {
  const result = await startAttempt(db, userId, now);
  if (result.outcome !== 'started') throw new Error(`no attempt: ${result.outcome}`);
  return result.attempt;
}

describe('auto top-up settlement', () => {
  it('credits an attempt once from payment_intent.succeeded, however often it is delivered', async () => {
    const user = await topupUser({ credits: 50 });
    const attempt = await started(user.id);
    const pi = piId();
    const evt = intentEvent('payment_intent.succeeded', { id: pi, attemptId: attempt.id, userId: user.id });
    for (let i = 0; i < 3; i++) expect((await deliver(evt)).status).toBe(200);
    expect(
      (await deliver(intentEvent('payment_intent.succeeded', { id: pi, attemptId: attempt.id, userId: user.id })))
        .status,
    ).toBe(200);
    expect(await topupCredits(user.id)).toEqual([{ delta: 1_000, reference: pi }]);
    expect((await balanceOf(user.id)).credits).toBe(1_050);
    const [row] = await attemptsOf(user.id);
    expect(row).toMatchObject({ status: 'succeeded', payment_intent_id: pi });
    await expectLedgerConsistent(user.id);
  });

  it('credits once when the synchronous answer and the webhook race', async () => {
    const user = await topupUser({ credits: 10 });
    const attempt = await started(user.id);
    const pi = piId();
    const evt = intentEvent('payment_intent.succeeded', { id: pi, attemptId: attempt.id, userId: user.id });
    const sync = () =>
      settleSucceeded(
        db,
        ignoreCommits,
        { id: pi, amount: 1_000, currency: 'usd', attemptId: attempt.id },
        undefined,
        NOW,
      );
    const results = await Promise.all([sync(), deliver(evt), sync(), deliver(evt)]);
    expect(results.filter((r) => 'outcome' in r && r.outcome === 'credited').length).toBeLessThanOrEqual(1);
    expect(await topupCredits(user.id)).toEqual([{ delta: 1_000, reference: pi }]);
    expect((await balanceOf(user.id)).credits).toBe(1_010);
  });

  it('credits, via its metadata, an attempt whose PaymentIntent the Worker never recorded', async () => {
    const user = await topupUser({ credits: 0 });
    const attempt = await started(user.id);
    expect(attempt.payment_intent_id).toBeNull();
    const pi = piId();
    await deliver(intentEvent('payment_intent.succeeded', { id: pi, attemptId: attempt.id, userId: user.id }));
    await deliver(intentEvent('payment_intent.succeeded', { id: pi, attemptId: attempt.id, userId: user.id }));
    expect(await topupCredits(user.id)).toEqual([{ delta: 1_000, reference: pi }]);
    expect((await attemptsOf(user.id))[0]).toMatchObject({ status: 'succeeded', payment_intent_id: pi });
  });

  it('ignores payment_intent.succeeded of a PaymentIntent that is not an auto top-up', async () => {
    const user = await topupUser({ credits: 0 });
    const evt = event('payment_intent.succeeded', {
      id: piId(),
      object: 'payment_intent',
      amount: 1_000,
      currency: 'usd',
      status: 'succeeded',
      metadata: { userId: user.id, packId: 'starter' },
    });
    expect((await deliver(evt)).status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(0);
  });

  it('never credits a failed attempt, blocks the next hour, and pauses after 3 declines in a row', async () => {
    const user = await topupUser({ credits: 0 });
    // The webhook settles on the real clock: the hour after a decline counts from it.
    let now = Date.now();
    for (let i = 1; i <= 3; i++) {
      const attempt = await started(user.id, now);
      const pi = piId();
      await deliver(intentEvent('payment_intent.payment_failed', { id: pi, attemptId: attempt.id, userId: user.id }));
      await deliver(intentEvent('payment_intent.payment_failed', { id: pi, attemptId: attempt.id, userId: user.id }));
      const settings = await settingsOf(user.id);
      expect(settings?.consecutive_declines).toBe(i);
      // Within the hour after a decline, no attempt starts, whatever the balance.
      expect((await startAttempt(db, user.id, Date.now() + 59 * 60_000)).outcome).toBe('not_needed');
      now = Date.now() + 61 * 60_000;
    }
    expect((await readAutoTopup(db, user.id, now)).status).toBe('paused_declined');
    expect((await startAttempt(db, user.id, now + 24 * 3_600_000)).outcome).toBe('not_needed');
    expect((await attemptsOf(user.id)).map((a) => a.status)).toEqual(['failed', 'failed', 'failed']);
    expect((await balanceOf(user.id)).credits).toBe(0);
    // Enabling again clears the pause.
    await updateAutoTopup(
      db,
      user.id,
      { enabled: true, thresholdCredits: 100, packId: 'starter', monthlyLimitCents: 5_000 },
      now,
    );
    expect((await readAutoTopup(db, user.id, now)).status).toBe('active');
    expect((await startAttempt(db, user.id, now)).outcome).toBe('started');
  });

  it('pauses at once when the card wants authentication', async () => {
    const user = await topupUser({ credits: 0 });
    const attempt = await started(user.id);
    await deliver(
      intentEvent('payment_intent.payment_failed', {
        id: piId(),
        attemptId: attempt.id,
        userId: user.id,
        code: 'authentication_required',
      }),
    );
    const view = await readAutoTopup(db, user.id, NOW);
    expect(view.status).toBe('paused_authentication');
    expect(view.lastAttempt).toMatchObject({ outcome: 'failed', message: 'authentication_required' });
    expect((await startAttempt(db, user.id, NOW + 2 * 3_600_000)).outcome).toBe('not_needed');
  });

  it('stops at the month limit and resumes on the 1st (UTC)', async () => {
    // Starter costs 1,000 cents: a 2,500 limit allows two charges a month.
    const user = await topupUser({ credits: 0, limit: 2_500, threshold: 5_000 });
    const inDecember = Date.UTC(2026, 11, 30, 23);
    for (let i = 0; i < 2; i++) {
      const attempt = await started(user.id, inDecember);
      await settleSucceeded(
        db,
        ignoreCommits,
        { id: piId(), amount: 1_000, currency: 'usd', attemptId: attempt.id },
        undefined,
        inDecember,
      );
    }
    expect((await startAttempt(db, user.id, inDecember)).outcome).toBe('limit_reached');
    const view = await readAutoTopup(db, user.id, inDecember);
    expect(view).toMatchObject({ status: 'paused_limit', chargedThisMonthCents: 2_000 });
    expect((await startAttempt(db, user.id, Date.UTC(2026, 11, 31, 23, 59))).outcome).toBe('not_needed');
    const january = Date.UTC(2027, 0, 1);
    expect((await readAutoTopup(db, user.id, january)).status).toBe('active');
    const next = await started(user.id, january);
    expect(next.amount_cents).toBe(1_000);
    expect((await attemptsOf(user.id)).map((a) => a.month)).toEqual(['2026-12', '2026-12', '2027-01']);
  });

  it('turning it off stops an attempt not yet sent to Stripe', async () => {
    const user = await topupUser({ credits: 0 });
    const attempt = await started(user.id);
    await updateAutoTopup(
      db,
      user.id,
      { enabled: false, thresholdCredits: 100, packId: 'starter', monthlyLimitCents: 5_000 },
      NOW,
    );
    const outcome = await chargeAttempt(
      db,
      stripe(),
      ignoreCommits,
      { attempt, customerId: 'cus_unused', paymentMethodId: 'pm_unused' },
      NOW,
    );
    expect(outcome).toBe('turned_off');
    expect(await attemptsOf(user.id)).toMatchObject([{ status: 'failed', failure_code: 'turned_off', sent_at: null }]);
    expect((await readAutoTopup(db, user.id, NOW)).status).toBe('off');
  });

  it('starts one attempt however many triggers race', async () => {
    const user = await topupUser({ credits: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, () => startAttempt(db, user.id, NOW)));
    expect(results.filter((r) => r.outcome === 'started')).toHaveLength(1);
    expect(await attemptsOf(user.id)).toHaveLength(1);
  });
});

describe('a charge Stripe refuses outright', () => {
  it('counts as a decline (an hour, then a pause), never a retry every few seconds', async () => {
    // The saved card id is unknown to Stripe (a detached card): 400, not a card error.
    const user = await topupUser({ credits: 0 });
    const { runAutoTopup } = await import('../../worker/autotopup/charge');
    const now = Date.now();
    expect(await runAutoTopup(db, stripe(), ignoreCommits, user.id, now)).toBe('failed');
    expect(await attemptsOf(user.id)).toMatchObject([{ status: 'failed', failure_code: 'resource_missing' }]);
    expect(await runAutoTopup(db, stripe(), ignoreCommits, user.id, now + 60_000)).toBe('not_needed');
  });
});
