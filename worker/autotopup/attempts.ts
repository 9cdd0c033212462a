// Starting an auto top-up attempt: the D1 side of the trigger. An attempt is a row written BEFORE
// any charge is sent; the partial unique index (one pending attempt per user) is what makes "one
// charge at a time" true, however many triggers race. Every rule is checked again inside the
// INSERT's own WHERE (enabled, a card, no pause, not within the hour after a decline, spendable
// below the threshold, the month's charges plus this one within the limit), so a decision read
// earlier can never start a charge the current row forbids.
import { sql } from 'drizzle-orm';
import { findPack } from '../billing/packs';
import { runBatchReading } from '../db/batch';
import type { Db } from '../db/client';
import { isoOrNull } from '../db/dates';
import { spendableSql } from '../ledger/state';
import { monthOf, nextMonthStart } from './month';
import { limitReachedSql } from './outbox';
import { notifyPause, type PauseMailer } from './pause-mail';
import { chargedSql, type SettingsRow } from './settings';

export interface Attempt {
  id: string;
  user_id: string;
  idempotency_key: string;
  payment_intent_id: string | null;
  amount_cents: number;
  currency: string;
  credits: number;
  pack_id: string;
  sent_at: number | null;
}

export type StartResult =
  | { outcome: 'started' | 'resumed'; attempt: Attempt; paymentMethodId: string; customerId: string }
  | { outcome: 'not_needed' | 'not_allowed' | 'limit_reached' };

const runnable = (now: number) => sql`s.enabled = 1 AND s.payment_method_id IS NOT NULL
  AND (s.status = 'active' OR (s.status = 'paused_limit' AND s.paused_until <= ${now}))
  AND (s.retry_after IS NULL OR s.retry_after <= ${now})`;

type Reads = {
  settings: SettingsRow & { spendable: number; charged: number; customer: string | null };
  pending: Attempt;
};

/**
 * Starts the user's next attempt if one is due, or hands back the pending one not yet settled (a
 * run that crashed after writing it: resending it with the same idempotency key is safe).
 */
export async function startAttempt(
  db: Db,
  userId: string,
  now: number,
  /** Where the limit's pause notice goes (pause-mail.ts); absent, no email. */
  mailer?: PauseMailer,
): Promise<StartResult> {
  const month = monthOf(now);
  const state = (extra = sql``) =>
    sql`SELECT s.*, ${spendableSql(now)} AS spendable, ${chargedSql(userId, month)} AS charged,
        u.stripe_customer_id AS customer
      FROM auto_topup_settings s JOIN users u ON u.id = s.user_id WHERE s.user_id = ${userId} ${extra}`;
  const pendingSql = sql`SELECT * FROM auto_topup_attempts WHERE user_id = ${userId} AND status = 'pending'`;
  const first = await runBatchReading<Reads>(db, [], { settings: state(), pending: pendingSql });
  const row = first.settings[0];
  const pending = first.pending[0];
  if (pending && row?.payment_method_id && row.customer)
    return { outcome: 'resumed', attempt: pending, paymentMethodId: row.payment_method_id, customerId: row.customer };
  if (!row || !row.customer || pending) return { outcome: 'not_allowed' };
  const pack = findPack(row.pack_id);
  if (!pack) return { outcome: 'not_allowed' };
  const due = sql`${runnable(now)} AND ${spendableSql(now)} < s.threshold_credits`;
  const fits = sql`${chargedSql(userId, month)} + ${pack.amount} <= s.monthly_limit_cents`;
  const id = `att_${crypto.randomUUID().replaceAll('-', '')}`;
  const read = await runBatchReading<Reads>(
    db,
    [
      sql`INSERT INTO auto_topup_attempts (id, user_id, status, idempotency_key, pack_id, amount_cents, currency,
          credits, month, created_at)
        SELECT ${id}, s.user_id, 'pending', ${`auto_topup:${id}`}, ${pack.id}, ${pack.amount}, ${pack.currency},
          ${pack.credits}, ${month}, ${now}
        FROM auto_topup_settings s JOIN users u ON u.id = s.user_id
        WHERE s.user_id = ${userId} AND s.pack_id = ${pack.id} AND ${due} AND ${fits}
        ON CONFLICT DO NOTHING`,
      // The month's limit is reached: pause until the 1st (UTC), and tell the app once per month.
      sql`UPDATE auto_topup_settings AS s SET status = 'paused_limit', paused_until = ${nextMonthStart(now)},
          updated_at = ${now}
        FROM users u WHERE u.id = s.user_id AND s.user_id = ${userId} AND ${due} AND NOT (${fits})`,
      // Directly after the pause: changes() is its, so only a run that paused reports it.
      limitReachedSql(userId, month, now, sql`changes() = 1`),
      // A limit pause whose month ended is over once an attempt starts.
      sql`UPDATE auto_topup_settings SET status = 'active', paused_until = NULL
        WHERE user_id = ${userId} AND status = 'paused_limit'
          AND EXISTS (SELECT 1 FROM auto_topup_attempts WHERE id = ${id})`,
    ],
    { settings: state(), pending: pendingSql },
  );
  const started = read.pending[0];
  const after = read.settings[0];
  if (started?.id === id && after?.payment_method_id && after.customer)
    return {
      outcome: 'started',
      attempt: started,
      paymentMethodId: after.payment_method_id,
      customerId: after.customer,
    };
  // This run paused it (or re-paused a month-old pause for this month): the notice is keyed by the
  // month, so racing runs and a pause re-read later send one.
  if (after?.status === 'paused_limit' && (row.status !== 'paused_limit' || row.paused_until !== after.paused_until))
    notifyPause(mailer, db, userId, {
      status: 'paused_limit',
      month,
      limitCents: after.monthly_limit_cents,
      currency: pack.currency,
    });
  if (after?.status === 'paused_limit' && row.status !== 'paused_limit') return { outcome: 'limit_reached' };
  return { outcome: 'not_needed' };
}

export interface AttemptView {
  id: string;
  status: string;
  paymentIntentId: string | null;
  packId: string;
  amountCents: number;
  credits: number;
  month: string;
  failureCode: string | null;
  createdAt: string;
  settledAt: string | null;
}

/** A user's attempts, newest first (the console's user page). */
export async function listAttempts(db: Db, userId: string, limit = 20): Promise<AttemptView[]> {
  const rows = await db.all<
    Attempt & {
      status: string;
      month: string;
      failure_code: string | null;
      created_at: number;
      settled_at: number | null;
    }
  >(
    sql`SELECT * FROM auto_topup_attempts WHERE user_id = ${userId} ORDER BY created_at DESC, rowid DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    paymentIntentId: r.payment_intent_id,
    packId: r.pack_id,
    amountCents: r.amount_cents,
    credits: r.credits,
    month: r.month,
    failureCode: r.failure_code,
    createdAt: new Date(r.created_at).toISOString(),
    settledAt: isoOrNull(r.settled_at),
  }));
}
