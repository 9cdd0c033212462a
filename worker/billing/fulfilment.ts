// Fulfilment: the one idempotent path from "Stripe says paid" to credits in the ledger, used by
// the webhook, the success page's status call and the reconciliation cron alike. Owns the
// checkout_sessions status; credits move only through worker/ledger. A refund or dispute that
// arrived before the credit (recorded in payment_reversals) is applied in the same batch as the
// credit, so whichever arrives first, the end state is the same.

import { sql } from 'drizzle-orm';
import { closedAccountSql } from '../accounts/closed';
import { runBatchReading } from '../db/batch';
import type { Db } from '../db/client';
import { commit, type OnCommit, type Step } from '../ledger/commit';
import { disputeMove, disputeReversalMove, purchaseMove, refundMove } from '../ledger/payments';
import { idOf } from '../stripe/client';
import { type EventRef, type FulfilResult, type Outcome, recordEvent } from '../stripe/event-log';
import type { CheckoutStatus } from '../vocabulary/checkout-statuses';
import { markRefunded } from './sessions';

const sessionRow = (sessionId: string) =>
  sql`SELECT user_id, status, amount, currency, (${closedAccountSql(sql`checkout_sessions.user_id`)}) AS account_closed
      FROM checkout_sessions WHERE id = ${sessionId}`;

interface SessionRowLite {
  user_id: string;
  account_closed: number;
  status: CheckoutStatus;
  amount: number;
  currency: string;
}

/** What fulfilment reads of a Checkout Session: a webhook's parsed object or the API's own. */
export interface SessionSnapshot {
  id: string;
  status: string | null;
  payment_status: string;
  amount_total: number | null;
  currency: string | null;
  payment_intent?: string | { id: string } | null;
}

/**
 * Brings our record of a Checkout Session in line with Stripe's object: credits a paid session
 * (once), marks an async one processing, an expired one expired. One D1 batch, so a failure
 * leaves nothing half-written and a retry simply runs it again.
 */
export async function fulfilCheckoutSession(
  db: Db,
  onCommit: OnCommit,
  session: SessionSnapshot,
  event?: EventRef,
  now = Date.now(),
): Promise<FulfilResult> {
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  if (session.status === 'complete' && paid) return creditSession(db, onCommit, session, event, now);
  if (session.status === 'complete') return markSession(db, session.id, 'processing', ['open'], event, now);
  if (session.status === 'expired') return markSession(db, session.id, 'expired', ['open'], event, now);
  return { outcome: 'ignored', entries: [] };
}

async function creditSession(
  db: Db,
  onCommit: OnCommit,
  session: SessionSnapshot,
  event: EventRef | undefined,
  now: number,
): Promise<FulfilResult> {
  const paidAmount = session.amount_total ?? -1;
  const paidCurrency = (session.currency ?? '').toLowerCase();
  const paymentIntent = idOf(session.payment_intent);
  const matches = sql`amount = ${paidAmount} AND currency = ${paidCurrency}`;
  // Refunds and disputes Stripe told us about before this credit: applied right after it.
  const reversals: Step[] = paymentIntent
    ? [
        { move: refundMove(paymentIntent) },
        markRefunded(paymentIntent, now),
        { move: disputeMove({ firstOf: paymentIntent }) },
        { move: disputeReversalMove({ firstOf: paymentIntent }) },
      ]
    : [];
  const steps: Step[] = [
    { move: purchaseMove(session.id, { amount: paidAmount, currency: paidCurrency }) },
    // What was paid must be what we sold; anything else is recorded as failed, not credited.
    sql`UPDATE checkout_sessions
        SET status = CASE WHEN ${matches} THEN 'credited' ELSE 'failed' END,
            payment_intent = COALESCE(${paymentIntent}, payment_intent), updated_at = ${now}
        WHERE id = ${session.id} AND status IN ('open', 'processing')`,
    ...reversals,
    ...recordEvent(event, session.id),
  ];
  const { entries, read } = await commit<{ session: SessionRowLite }>(db, onCommit, {
    now,
    steps,
    reads: { session: sessionRow(session.id) },
  });
  const row = read.session[0];
  if (!row) return { outcome: 'unknown_session', entries };
  const base = { entries, status: row.status, userId: row.user_id, accountClosed: row.account_closed === 1 };
  if (entries.some((e) => e.kind === 'purchase')) return { outcome: 'credited', ...base };
  if (row.amount !== paidAmount || row.currency !== paidCurrency) {
    console.error(
      JSON.stringify({
        msg: 'checkout_amount_mismatch',
        sessionId: session.id,
        expected: { amount: row.amount, currency: row.currency },
        paid: { amount: paidAmount, currency: paidCurrency },
      }),
    );
    return { outcome: 'amount_mismatch', ...base };
  }
  return { outcome: 'duplicate', ...base };
}

export async function markSession(
  db: Db,
  sessionId: string,
  status: CheckoutStatus,
  from: readonly CheckoutStatus[],
  event: EventRef | undefined,
  now = Date.now(),
): Promise<FulfilResult> {
  const { session } = await runBatchReading<{ session: SessionRowLite }>(
    db,
    [
      sql`UPDATE checkout_sessions SET status = ${status}, updated_at = ${now}
        WHERE id = ${sessionId} AND status IN (${sql.join(
          from.map((s) => sql`${s}`),
          sql`, `,
        )})`,
      ...recordEvent(event, sessionId),
    ],
    { session: sessionRow(sessionId) },
  );
  const row = session[0];
  if (!row) return { outcome: 'unknown_session', entries: [] };
  const outcome: Outcome = row.status === status ? (`marked_${status}` as Outcome) : 'not_applicable';
  return { outcome, entries: [], status: row.status, userId: row.user_id };
}
