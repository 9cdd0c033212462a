// Settles an auto top-up attempt from what Stripe said about its PaymentIntent — the synchronous
// answer, `payment_intent.succeeded` / `.payment_failed`, or reconciliation — each in one D1 batch,
// idempotently: the credit is keyed by the PaymentIntent, the failure applies only to a pending
// attempt, and the events are deduplicated per attempt. A webhook that names the attempt in its
// metadata binds the PaymentIntent to it first, so a Worker that crashed before recording the
// PaymentIntent's id still credits it, once.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { autoTopupCreditMove, pendingTopupReversals } from '../ledger/auto-topup-payments';
import { commit, type OnCommit } from '../ledger/commit';
import { type EventRef, type FulfilResult, recordEvent } from '../stripe/event-log';
import { DECLINE_BACKOFF_MS, DECLINES_BEFORE_PAUSE } from '../vocabulary/auto-topup';
import { topupFailedSql, topupSucceededSql } from './outbox';
import { notifyPause, type PauseMailer } from './pause-mail';

/** What settling needs of a PaymentIntent (a webhook's object or the API's answer). */
export interface IntentSnapshot {
  id: string;
  amount: number;
  currency: string;
  /** Our attempt, from `metadata.attemptId`. */
  attemptId?: string | null;
}

const bindIntent = (attemptId: string | null | undefined, paymentIntent: string) =>
  attemptId
    ? [
        sql`UPDATE auto_topup_attempts SET payment_intent_id = ${paymentIntent}
          WHERE id = ${attemptId} AND payment_intent_id IS NULL`,
      ]
    : [];

interface AttemptRow {
  id: string;
  user_id: string;
  status: string;
}

/** The PaymentIntent succeeded: credit its attempt once and mark it succeeded. */
export async function settleSucceeded(
  db: Db,
  onCommit: OnCommit,
  intent: IntentSnapshot,
  event: EventRef | undefined,
  now: number,
): Promise<FulfilResult> {
  const pi = intent.id;
  const creditedHere = sql`EXISTS (SELECT 1 FROM ledger_entries p WHERE p.user_id = a.user_id
    AND p.idempotency_key = 'purchase:' || a.payment_intent_id)`;
  const { entries, read } = await commit<{ attempt: AttemptRow }>(db, onCommit, {
    now,
    steps: [
      ...bindIntent(intent.attemptId, pi),
      { move: autoTopupCreditMove(pi, { amount: intent.amount, currency: intent.currency.toLowerCase() }) },
      sql`UPDATE auto_topup_attempts AS a SET status = 'succeeded', failure_code = NULL,
          settled_at = COALESCE(settled_at, ${now})
        WHERE a.payment_intent_id = ${pi} AND a.status <> 'succeeded' AND ${creditedHere}`,
      // A success ends a run of declines, unless a newer attempt has run since (a late webhook).
      sql`UPDATE auto_topup_settings AS s SET consecutive_declines = 0, retry_after = NULL, updated_at = ${now}
        WHERE s.user_id = (SELECT a.user_id FROM auto_topup_attempts a WHERE a.payment_intent_id = ${pi})
          AND NOT EXISTS (SELECT 1 FROM auto_topup_attempts a JOIN auto_topup_attempts n ON n.user_id = a.user_id
            WHERE a.payment_intent_id = ${pi} AND n.created_at > a.created_at)`,
      topupSucceededSql(pi, now),
      ...pendingTopupReversals(pi),
      ...recordEvent(event, pi),
    ],
    reads: { attempt: sql`SELECT id, user_id, status FROM auto_topup_attempts WHERE payment_intent_id = ${pi}` },
  });
  const row = read.attempt[0];
  if (!row) return { outcome: 'unknown_session', entries };
  if (entries.some((e) => e.kind === 'purchase')) return { outcome: 'credited', entries, userId: row.user_id };
  if (row.status !== 'succeeded') {
    console.error(JSON.stringify({ msg: 'auto_topup_amount_mismatch', paymentIntent: pi, attemptId: row.id }));
    return { outcome: 'amount_mismatch', entries, userId: row.user_id };
  }
  return { outcome: 'duplicate', entries, userId: row.user_id };
}

/** Which attempt a failure is about: ours by id (the synchronous answer), or by its PaymentIntent. */
export type AttemptRef = { attemptId: string; paymentIntent?: string | null } | { paymentIntent: string };

/**
 * The charge failed: the pending attempt becomes failed (nothing is credited) and the settings
 * react — `authentication_required` pauses at once; a decline blocks new attempts for an hour and
 * pauses after DECLINES_BEFORE_PAUSE in a row, and a pause is emailed once. An attempt already
 * settled is left alone.
 */
export async function settleFailed(
  db: Db,
  ref: AttemptRef,
  code: string,
  event: EventRef | undefined,
  now: number,
  /** Where the pause notice goes (pause-mail.ts); absent, no email. */
  mailer?: PauseMailer,
): Promise<FulfilResult> {
  const pi = ref.paymentIntent ?? null;
  const where = 'attemptId' in ref ? sql`a.id = ${ref.attemptId}` : sql`a.payment_intent_id = ${pi}`;
  const attempt =
    'attemptId' in ref
      ? sql`${ref.attemptId}`
      : sql`(SELECT id FROM auto_topup_attempts WHERE payment_intent_id = ${pi})`;
  const declines = sql`s.consecutive_declines + 1`;
  const pause =
    code === 'authentication_required'
      ? sql`'paused_authentication'`
      : sql`CASE WHEN ${declines} >= ${DECLINES_BEFORE_PAUSE} THEN 'paused_declined' ELSE s.status END`;
  const { results, read } = await commit<{ attempt: AttemptRow }>(db, () => {}, {
    now,
    steps: [
      ...(pi && 'attemptId' in ref ? bindIntent(ref.attemptId, pi) : []),
      sql`UPDATE auto_topup_attempts AS a SET status = 'failed', failure_code = ${code}, settled_at = ${now}
        WHERE ${where} AND a.status = 'pending' RETURNING user_id`,
      // Directly after the attempt's UPDATE: changes() is that statement's, so a repeated failure does nothing.
      sql`UPDATE auto_topup_settings AS s SET consecutive_declines = ${declines}, status = ${pause},
          retry_after = ${now + DECLINE_BACKOFF_MS}, updated_at = ${now}
        WHERE changes() = 1 AND s.user_id = (SELECT a.user_id FROM auto_topup_attempts a WHERE a.id = ${attempt})
        RETURNING status`,
      topupFailedSql(attempt, now),
      ...recordEvent(event, pi ?? ('attemptId' in ref ? ref.attemptId : '')),
    ],
    reads: { attempt: sql`SELECT id, user_id, status FROM auto_topup_attempts WHERE id = ${attempt}` },
  });
  const row = read.attempt[0];
  const failedAt = pi && 'attemptId' in ref ? 1 : 0;
  const failedNow = (results[failedAt] ?? []).length > 0;
  if (!row) return { outcome: 'unknown_session', entries: [] };
  // The settings this failure left (none when it changed nothing). A paused status here is this
  // attempt's doing: no attempt starts while paused, so the pending one that just failed paused it.
  const [after] = (results[failedAt + 1] ?? []) as { status: string }[];
  if (failedNow && (after?.status === 'paused_authentication' || after?.status === 'paused_declined'))
    notifyPause(mailer, db, row.user_id, { status: after.status, attemptId: row.id });
  return { outcome: failedNow ? 'marked_failed' : 'not_applicable', entries: [], userId: row.user_id };
}
