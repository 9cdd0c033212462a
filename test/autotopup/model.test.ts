// A model-based test of auto top-up (fast-check, like the ledger's): random sequences of spends,
// triggers, Stripe's answers (success — sometimes delivered twice, from both the answer and the
// webhook — decline, authentication), clock jumps, month changes, re-enabling and refunds. After
// every step: never two pending attempts, each month's charges within the limit, every succeeded
// charge credited exactly once and no failed one credited, no attempt while paused or within the
// hour after a decline, and the balance the sum of the ledger.
// A failure prints fast-check's seed and path; replay with
//   VITE_FC_SEED=<seed> VITE_FC_PATH=<path> npx vitest run --project worker test/autotopup/model.test.ts
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../worker/autotopup/attempts';
import { nextMonthStart } from '../../worker/autotopup/month';
import { updateAutoTopup } from '../../worker/autotopup/settings';
import { settleFailed, settleSucceeded } from '../../worker/autotopup/settle';
import { ignoreCommits } from '../../worker/ledger/commit';
import { spend } from '../../worker/ledger/spending';
import { refundCharge } from '../../worker/subscriptions/refunds';
import { expectLedgerConsistent } from '../helpers';
import { db, topupUser } from './support';

const LIMIT = 2_500; // two Starter charges a month
const SETTINGS = { enabled: true, thresholdCredits: 500, packId: 'starter', monthlyLimitCents: LIMIT };
const HOUR = 3_600_000;

type Step =
  | { kind: 'spend'; amount: number }
  | { kind: 'trigger' }
  | { kind: 'answer'; outcome: 'succeeded' | 'declined' | 'authentication'; twice: boolean }
  | { kind: 'advance'; ms: number }
  | { kind: 'next_month' }
  | { kind: 'reenable' }
  | { kind: 'refund'; share: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('spend' as const), amount: fc.integer({ min: 1, max: 900 }) }),
  fc.record({ kind: fc.constant('spend' as const), amount: fc.integer({ min: 400, max: 900 }) }),
  fc.constant({ kind: 'trigger' as const }),
  fc.constant({ kind: 'trigger' as const }),
  fc.record({
    kind: fc.constant('answer' as const),
    outcome: fc.constant('succeeded' as const),
    twice: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('answer' as const),
    outcome: fc.constantFrom(
      'succeeded' as const,
      'succeeded' as const,
      'declined' as const,
      'authentication' as const,
    ),
    twice: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 3 * HOUR }) }),
  fc.constant({ kind: 'next_month' as const }),
  fc.constant({ kind: 'reenable' as const }),
  fc.record({ kind: fc.constant('refund' as const), share: fc.integer({ min: 1, max: 1_000 }) }),
);

interface Row {
  id: string;
  status: string;
  payment_intent_id: string | null;
  amount_cents: number;
  month: string;
  created_at: number;
  failure_code: string | null;
}

async function check(userId: string, blockedUntil: number, paused: boolean, startedAt: number | null) {
  const { results: rows } = await env.DB.prepare('SELECT * FROM auto_topup_attempts WHERE user_id = ?')
    .bind(userId)
    .all<Row>();
  expect(rows.filter((r) => r.status === 'pending').length).toBeLessThanOrEqual(1);
  const byMonth = new Map<string, number>();
  for (const r of rows.filter((r) => r.status !== 'failed'))
    byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + r.amount_cents);
  for (const cents of byMonth.values()) expect(cents).toBeLessThanOrEqual(LIMIT);
  const { results: purchases } = await env.DB.prepare(
    "SELECT reference, COUNT(*) AS n FROM ledger_entries WHERE user_id = ? AND kind = 'purchase' GROUP BY reference",
  )
    .bind(userId)
    .all<{ reference: string; n: number }>();
  const credited = new Map(purchases.map((p) => [p.reference, p.n]));
  for (const r of rows) {
    const n = r.payment_intent_id ? (credited.get(r.payment_intent_id) ?? 0) : 0;
    expect(n).toBe(r.status === 'succeeded' ? 1 : 0);
  }
  if (startedAt !== null) {
    expect(paused).toBe(false);
    expect(startedAt).toBeGreaterThanOrEqual(blockedUntil);
  }
  await expectLedgerConsistent(userId);
}

const vars = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {};
const replay = vars.VITE_FC_SEED
  ? { seed: Number(vars.VITE_FC_SEED), path: vars.VITE_FC_PATH || undefined, endOnFailure: true }
  : {};

describe('auto top-up model', () => {
  it('holds its invariants over random spends, answers, refunds and months', async () => {
    let run = 0;
    const property = fc.asyncProperty(fc.array(stepArb, { minLength: 20, maxLength: 40 }), async (steps) => {
      run++;
      let now = Date.UTC(2026, 10, 27, 12);
      const user = await topupUser({ credits: 200, ...SETTINGS, limit: LIMIT, threshold: 500 }, now);
      let pending: { id: string; amount: number } | null = null;
      const succeeded: string[] = [];
      let blockedUntil = 0;
      let paused = false;
      let declines = 0;
      let n = 0;
      for (const step of steps) {
        let startedAt: number | null = null;
        if (step.kind === 'spend') {
          await spend(
            db,
            ignoreCommits,
            { userId: user.id, amount: step.amount, reason: 'r', idempotencyKey: `s${n++}` },
            now,
          );
        } else if (step.kind === 'trigger') {
          const result = await startAttempt(db, user.id, now);
          if (result.outcome === 'started') {
            expect(pending).toBeNull();
            pending = { id: result.attempt.id, amount: result.attempt.amount_cents };
            startedAt = now;
          }
        } else if (step.kind === 'answer' && pending) {
          const pi = `pi_model_${run}_${n++}`;
          if (step.outcome === 'succeeded') {
            const settle = () =>
              settleSucceeded(
                db,
                ignoreCommits,
                { id: pi, amount: pending!.amount, currency: 'usd', attemptId: pending!.id },
                undefined,
                now,
              );
            await (step.twice ? Promise.all([settle(), settle()]) : settle());
            succeeded.push(pi);
            declines = 0;
          } else {
            const code = step.outcome === 'authentication' ? 'authentication_required' : 'card_declined';
            await settleFailed(db, { attemptId: pending.id, paymentIntent: pi }, code, undefined, now);
            if (step.twice) await settleFailed(db, { attemptId: pending.id, paymentIntent: pi }, code, undefined, now);
            declines++;
            blockedUntil = now + HOUR;
            if (code === 'authentication_required' || declines >= 3) paused = true;
          }
          pending = null;
        } else if (step.kind === 'advance') {
          now += step.ms;
        } else if (step.kind === 'next_month') {
          now = nextMonthStart(now) + 1;
        } else if (step.kind === 'reenable') {
          await updateAutoTopup(db, user.id, SETTINGS, now);
          paused = false;
          declines = 0;
          blockedUntil = 0;
        } else if (step.kind === 'refund' && succeeded.length > 0) {
          const pi = succeeded[n++ % succeeded.length]!;
          await refundCharge(
            db,
            ignoreCommits,
            undefined,
            { id: `ch_${pi}`, amount_refunded: step.share },
            pi,
            undefined,
            now,
          );
        }
        await check(user.id, blockedUntil, paused, startedAt);
      }
    });
    await fc.assert(property, { numRuns: Number(vars.VITE_FC_RUNS ?? 8), ...replay });
  }, 120_000);
});
