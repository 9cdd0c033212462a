// Reconciliation for auto top-up (cron): an attempt still pending a while after it was sent lost
// its answer and its webhook (the Worker died mid-call, a webhook was dropped). Asking Stripe again
// with the attempt's own idempotency key returns the same PaymentIntent (or the same refusal)
// without charging twice, and settles it exactly as the synchronous answer would. An attempt
// never sent is cancelled: nothing reached Stripe, and its user's next trigger starts afresh.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { Stripe } from '../stripe/client';
import type { Attempt } from './attempts';
import { chargeAttempt, type RunOutcome } from './charge';

/** Younger attempts may still be in their run (the room's call to Stripe takes seconds at most). */
export const STALE_AFTER_MS = 5 * 60 * 1000;

export interface TopupReconcileReport {
  pending: number;
  outcomes: Partial<Record<RunOutcome | 'cancelled', number>>;
}

export async function reconcilePendingAttempts(
  db: Db,
  stripe: Stripe,
  onCommit: OnCommit,
  now: number,
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
    if (!row.customer || !row.payment_method_id) continue;
    // Resent with the same key and parameters: Stripe answers what it answered the first time.
    const outcome = await chargeAttempt(
      db,
      stripe,
      onCommit,
      { attempt: row, customerId: row.customer, paymentMethodId: row.payment_method_id },
      now,
    );
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  }
  return report;
}
