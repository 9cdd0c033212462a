// Receipts still owed, sent by the cron: a receipt is sent once, right after its credit commits, and
// a send that fails gives its claim back (sent.ts); but a redelivered event records no new credit, so
// nothing would ever send that receipt again. Each cron run finds the recent payments (packs, auto
// top-ups, plan payments) whose receipt key has no mail_sent row and sends them through the same
// claim, so a race with the inline send or another run still sends each once. No state of its own:
// what is owed is read from the ledger and mail_sent.
import { type SQL, sql } from 'drizzle-orm';
import { CLOSED_PASSWORD_HASH } from '../accounts/closed';
import type { Db } from '../db/client';
import { mailPackReceipt, mailPlanReceipt } from './receipts';
import { mailConfigured, type ReceiptEnv } from './send';
import type { OnceOutcome } from './sent';
import { mailTopUpReceiptFor } from './topup-receipt';

/** A receipt a day late is noise (the history page has the payment): after that it is given up. */
export const OWED_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The last minute is the inline send's: the cron does not race a receipt that is being sent. */
export const OWED_GRACE_MS = 60 * 1000;
/** At most this many sends per run, so a provider that keeps failing costs a bounded amount each minute. */
export const OWED_PER_RUN = 20;

export type OwedReceipt = { userId: string; reference: string; receipt: 'pack' | 'auto_topup' | 'plan'; at: number };

export type OwedReport =
  | { outcome: 'not_configured' }
  | { outcome: 'ran'; owed: number; sent: number; failed: number; other: number }
  | { outcome: 'failed'; reason: string };

/**
 * The receipts owed for payments credited in [now - OWED_WINDOW_MS, now - OWED_GRACE_MS), oldest
 * first, at most `limit`. Each branch reads one range of ledger_receipts_idx (migration 0022) and
 * probes mail_sent by its key (a plan's grant and its rollover share the invoice: one receipt). A
 * payment the inline send would skip (a closed account, an entry with no row of its kind) is left
 * out, or it would take a slot every run for a day.
 */
export function owedReceipts(db: Db, now: number, limit = OWED_PER_RUN): Promise<OwedReceipt[]> {
  return db.all<OwedReceipt>(owedReceiptsQuery(now, limit));
}

/** owedReceipts' read (its test checks the plan uses the index). */
export function owedReceiptsQuery(now: number, limit: number): SQL {
  const from = now - OWED_WINDOW_MS;
  const to = now - OWED_GRACE_MS;
  // The kind is written into the SQL, not bound: SQLite matches a partial index's WHERE at prepare
  // time, against literals only.
  const recent = (kind: 'purchase' | 'subscription') =>
    sql`e.kind = ${sql.raw(`'${kind}'`)} AND e.created_at >= ${from} AND e.created_at < ${to}`;
  const unsent = (prefix: string) =>
    sql`NOT EXISTS (SELECT 1 FROM mail_sent m WHERE m.dedupe_key = ${prefix} || e.reference)`;
  return sql`SELECT o.user_id AS userId, o.reference, o.receipt, o.at FROM (
      SELECT e.user_id, e.reference, 'pack' AS receipt, e.created_at AS at FROM ledger_entries e
        JOIN checkout_sessions cs ON cs.id = e.reference AND cs.user_id = e.user_id AND cs.mode = 'payment'
        WHERE ${recent('purchase')} AND ${unsent('pack_receipt:')}
      UNION ALL
      SELECT e.user_id, e.reference, 'auto_topup', e.created_at FROM ledger_entries e
        JOIN auto_topup_attempts a ON a.payment_intent_id = e.reference AND a.user_id = e.user_id
        WHERE ${recent('purchase')} AND ${unsent('auto_topup_receipt:')}
      UNION ALL
      SELECT e.user_id, e.reference, 'plan', MIN(e.created_at) FROM ledger_entries e
        JOIN subscription_invoices si ON si.id = e.reference AND si.user_id = e.user_id
        WHERE ${recent('subscription')} AND ${unsent('plan_receipt:')}
        GROUP BY e.user_id, e.reference
    ) o JOIN users u ON u.id = o.user_id
    WHERE u.password_hash IS NOT ${CLOSED_PASSWORD_HASH} AND u.email NOT LIKE '%.invalid'
    ORDER BY o.at, o.reference LIMIT ${limit}`;
}

/**
 * Sends the receipts owed at `now` (the cron's scheduled time), each through its own once-only claim;
 * never throws. With no provider it returns at once, reading nothing. A send that fails gives its
 * claim back and is tried again by the next run, until the window passes; sendMail logs each failure.
 */
export async function sendOwedReceipts(env: ReceiptEnv, db: Db, now: number): Promise<OwedReport> {
  if (!mailConfigured(env)) return { outcome: 'not_configured' };
  try {
    const owed = await owedReceipts(db, now);
    if (owed.length === 0) return { outcome: 'ran', owed: 0, sent: 0, failed: 0, other: 0 };
    const outcomes = await Promise.all(owed.map((o) => send(env, db, o)));
    const count = (wanted: OnceOutcome['outcome']) => outcomes.filter((o) => o.outcome === wanted).length;
    const report = { outcome: 'ran' as const, owed: owed.length, sent: count('sent'), failed: count('failed') };
    const done = { ...report, other: owed.length - report.sent - report.failed };
    console.log(JSON.stringify({ msg: 'owed_receipts', ...done }));
    return done;
  } catch (err) {
    console.error(JSON.stringify({ msg: 'owed_receipts_failed', error: String(err) }));
    return { outcome: 'failed', reason: String(err) };
  }
}

function send(env: ReceiptEnv, db: Db, owed: OwedReceipt): Promise<OnceOutcome> {
  const paid = { userId: owed.userId, reference: owed.reference };
  const sending =
    owed.receipt === 'pack'
      ? mailPackReceipt(env, db, paid)
      : owed.receipt === 'plan'
        ? mailPlanReceipt(env, db, paid)
        : mailTopUpReceiptFor(env, db, paid);
  // One receipt's error (its read, its build) must not stop the others; sendMail logs provider failures.
  return sending.catch((err): OnceOutcome => {
    console.error(JSON.stringify({ msg: 'owed_receipt_failed', error: String(err) }));
    return { outcome: 'failed', reason: String(err) };
  });
}
