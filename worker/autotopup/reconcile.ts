// Reconciliation for auto top-up (cron): an attempt still pending a while after it was sent lost
// its answer and its webhook (the Worker died mid-call, a webhook was dropped). Asking Stripe again
// with the attempt's own idempotency key returns the same PaymentIntent (or the same refusal)
// without charging twice, and settles it exactly as the synchronous answer would. An attempt
// never sent is cancelled: nothing reached Stripe, and its user's next trigger starts afresh.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import type { Attempt } from './attempts';
import { chargeAttempt, type RunOutcome } from './charge';
import type { PauseMailer } from './pause-mail';
import { settleFailed, settleSucceeded } from './settle';

/**
 * Stripe keeps an idempotency key 24 hours: past that a resend could charge again. An attempt whose
 * PaymentIntent we know is asked about by id instead; one we know nothing of after this long is
 * settled as failed (`no_answer`): if Stripe did charge it, its webhook still credits it (by metadata).
 */
export const RESEND_WINDOW_MS = 23 * 60 * 60 * 1000;

/** Settles an attempt from its PaymentIntent as Stripe holds it now; in-flight states stay pending. */
async function settleKnown(
  db: Db,
  stripe: StripeClient,
  onCommit: OnCommit,
  attempt: Attempt,
  now: number,
  mailer?: PauseMailer,
): Promise<RunOutcome> {
  const intent = await stripe.paymentIntents.retrieve(attempt.payment_intent_id as string);
  if (intent.status === 'succeeded') {
    const snapshot = { id: intent.id, amount: intent.amount_received || intent.amount, currency: intent.currency };
    const result = await settleSucceeded(db, onCommit, { ...snapshot, attemptId: attempt.id }, undefined, now);
    return result.outcome === 'credited' ? 'credited' : 'already_settled';
  }
  if (intent.status === 'requires_payment_method' || intent.status === 'canceled') {
    const code = intent.last_payment_error?.code ?? 'card_declined';
    await settleFailed(db, { attemptId: attempt.id, paymentIntent: intent.id }, code, undefined, now, mailer);
    return 'failed';
  }
  return 'processing';
}

/** Younger attempts may still be in their run (the room's call to Stripe takes seconds at most). */
export const STALE_AFTER_MS = 5 * 60 * 1000;

export interface TopupReconcileReport {
  pending: number;
  outcomes: Partial<Record<RunOutcome | 'cancelled', number>>;
}

export async function reconcilePendingAttempts(
  db: Db,
  stripe: StripeClient,
  onCommit: OnCommit,
  now: number,
  /** Where a pause notice goes (pause-mail.ts); absent, no email. */
  mailer?: PauseMailer,
): Promise<TopupReconcileReport> {
  const stale = now - STALE_AFTER_MS;
  const cancelled = await db.all<{ id: string }>(sql`UPDATE auto_topup_attempts
    SET status = 'failed', failure_code = 'not_sent', settled_at = ${now}
    WHERE status = 'pending' AND sent_at IS NULL AND created_at < ${stale} RETURNING id`);
  const rows = await db.all<Attempt & { payment_method_id: string | null; customer: string | null }>(
    sql`SELECT a.*, s.payment_method_id, u.stripe_customer_id AS customer FROM auto_topup_attempts a
      JOIN users u ON u.id = a.user_id LEFT JOIN auto_topup_settings s ON s.user_id = a.user_id
      WHERE a.status = 'pending' AND a.sent_at < ${stale} LIMIT 100`,
  );
  const report: TopupReconcileReport = { pending: rows.length, outcomes: {} };
  if (cancelled.length > 0) report.outcomes.cancelled = cancelled.length;
  for (const row of rows) {
    const outcome = await reconcileOne(db, stripe, onCommit, row, now, mailer);
    if (outcome) report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  }
  return report;
}

async function reconcileOne(
  db: Db,
  stripe: StripeClient,
  onCommit: OnCommit,
  row: Attempt & { payment_method_id: string | null; customer: string | null },
  now: number,
  mailer?: PauseMailer,
): Promise<RunOutcome | null> {
  if (row.payment_intent_id) return settleKnown(db, stripe, onCommit, row, now, mailer);
  if ((row.sent_at ?? now) < now - RESEND_WINDOW_MS) {
    await settleFailed(db, { attemptId: row.id }, 'no_answer', undefined, now, mailer);
    return 'failed';
  }
  if (!row.customer || !row.payment_method_id) return null;
  // Resent with the same key and parameters, within Stripe's key window: it answers what it answered first.
  return chargeAttempt(
    db,
    stripe,
    onCommit,
    { attempt: row, customerId: row.customer, paymentMethodId: row.payment_method_id },
    now,
    mailer,
  );
}
