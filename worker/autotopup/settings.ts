// A user's auto top-up settings (auto_topup_settings): the view GET /api/auto-topup answers, the
// update PUT makes (enabling again clears a pause; turning it off cancels an attempt not yet sent),
// and the saved card. The status shown is derived here: `off` and `needs_card` from the row, and a
// `paused_limit` whose month has ended reads `active` (the next trigger clears it in D1).
import { sql } from 'drizzle-orm';
import { runBatchReading } from '../db/batch';
import type { Db } from '../db/client';
import type { AutoTopupStatus, StoredAutoTopupStatus } from '../vocabulary/auto-topup';
import { monthOf } from './month';

export interface Card {
  paymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface AutoTopupView {
  enabled: boolean;
  thresholdCredits: number;
  packId: string;
  monthlyLimitCents: number;
  chargedThisMonthCents: number;
  card: { brand: string; last4: string; expMonth: number; expYear: number } | null;
  status: AutoTopupStatus;
  lastAttempt: { at: string; outcome: string; credits: number; message: string | null } | null;
}

/** What a user without a row sees (and what a first PUT or saved card starts from). */
export const DEFAULTS = { thresholdCredits: 100, packId: 'starter', monthlyLimitCents: 5_000 } as const;

export interface SettingsRow {
  enabled: number;
  threshold_credits: number;
  pack_id: string;
  monthly_limit_cents: number;
  status: StoredAutoTopupStatus;
  payment_method_id: string | null;
  card_brand: string | null;
  card_last4: string | null;
  card_exp_month: number | null;
  card_exp_year: number | null;
  paused_until: number | null;
  retry_after: number | null;
}

interface AttemptRow {
  created_at: number;
  status: string;
  credits: number;
  failure_code: string | null;
}

/** Charges that count against `month`'s limit: pending and succeeded attempts (a failed one took nothing). */
export const chargedSql = (userId: string, month: string) =>
  sql`(SELECT COALESCE(SUM(amount_cents), 0) FROM auto_topup_attempts
    WHERE user_id = ${userId} AND month = ${month} AND status IN ('pending', 'succeeded'))`;

export function statusOf(row: SettingsRow | undefined, now: number): AutoTopupStatus {
  if (!row || row.enabled !== 1) return 'off';
  if (!row.payment_method_id) return 'needs_card';
  if (row.status === 'paused_limit' && (row.paused_until ?? 0) <= now) return 'active';
  return row.status;
}

const reads = (userId: string, now: number) => ({
  settings: sql`SELECT * FROM auto_topup_settings WHERE user_id = ${userId}`,
  charged: sql`SELECT ${chargedSql(userId, monthOf(now))} AS cents`,
  last: sql`SELECT created_at, status, credits, failure_code FROM auto_topup_attempts
    WHERE user_id = ${userId} ORDER BY created_at DESC, rowid DESC LIMIT 1`,
});

type Reads = { settings: SettingsRow; charged: { cents: number }; last: AttemptRow };

function toView(read: { [K in keyof Reads]: Reads[K][] }, now: number): AutoTopupView {
  const row = read.settings[0];
  const last = read.last[0];
  return {
    enabled: row?.enabled === 1,
    thresholdCredits: row?.threshold_credits ?? DEFAULTS.thresholdCredits,
    packId: row?.pack_id ?? DEFAULTS.packId,
    monthlyLimitCents: row?.monthly_limit_cents ?? DEFAULTS.monthlyLimitCents,
    chargedThisMonthCents: read.charged[0]?.cents ?? 0,
    card:
      row?.payment_method_id && row.card_last4
        ? {
            brand: row.card_brand ?? 'card',
            last4: row.card_last4,
            expMonth: row.card_exp_month ?? 0,
            expYear: row.card_exp_year ?? 0,
          }
        : null,
    status: statusOf(row, now),
    lastAttempt: last
      ? {
          at: new Date(last.created_at).toISOString(),
          outcome: last.status,
          credits: last.credits,
          message: last.failure_code,
        }
      : null,
  };
}

export async function readAutoTopup(db: Db, userId: string, now: number): Promise<AutoTopupView> {
  return toView(await runBatchReading<Reads>(db, [], reads(userId, now)), now);
}

export interface SettingsInput {
  enabled: boolean;
  thresholdCredits: number;
  packId: string;
  monthlyLimitCents: number;
}

export type UpdateResult = { outcome: 'updated'; view: AutoTopupView } | { outcome: 'needs_card' };

/**
 * Saves the settings (the caller checked pack and bounds). Enabling needs a saved card; enabling
 * (again) clears any pause, the hour after a decline and the run of declines: the user asked for
 * it. Turning it off cancels a pending attempt not yet sent to Stripe, in the same batch; one
 * already sent is Stripe's now and settles as usual (its money is credited).
 */
export async function updateAutoTopup(
  db: Db,
  userId: string,
  input: SettingsInput,
  now: number,
): Promise<UpdateResult> {
  const on = input.enabled ? 1 : 0;
  const hasCard = sql`EXISTS (SELECT 1 FROM auto_topup_settings WHERE user_id = ${userId} AND payment_method_id IS NOT NULL)`;
  const read = await runBatchReading<Reads & { refused: { refused: number } }>(
    db,
    [
      sql`INSERT INTO auto_topup_settings (user_id, enabled, threshold_credits, pack_id, monthly_limit_cents, updated_at)
        SELECT ${userId}, ${on}, ${input.thresholdCredits}, ${input.packId}, ${input.monthlyLimitCents}, ${now}
        WHERE ${on} = 0 OR ${hasCard}
        ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, threshold_credits = excluded.threshold_credits,
          pack_id = excluded.pack_id, monthly_limit_cents = excluded.monthly_limit_cents, updated_at = excluded.updated_at,
          status = CASE WHEN excluded.enabled = 1 THEN 'active' ELSE status END,
          paused_until = CASE WHEN excluded.enabled = 1 THEN NULL ELSE paused_until END,
          retry_after = CASE WHEN excluded.enabled = 1 THEN NULL ELSE retry_after END,
          consecutive_declines = CASE WHEN excluded.enabled = 1 THEN 0 ELSE consecutive_declines END`,
      sql`UPDATE auto_topup_attempts SET status = 'failed', failure_code = 'turned_off', settled_at = ${now}
        WHERE ${on} = 0 AND user_id = ${userId} AND status = 'pending' AND sent_at IS NULL`,
    ],
    { ...reads(userId, now), refused: sql`SELECT ${on} = 1 AND NOT ${hasCard} AS refused` },
  );
  if (read.refused[0]?.refused) return { outcome: 'needs_card' };
  return { outcome: 'updated', view: toView(read, now) };
}

/**
 * Saves the card future charges use (a setup Checkout, or a pack paid with "save my card"). A new
 * card ends a pause the old one caused (authentication, declines); the limit's pause stays.
 */
export async function storeCard(db: Db, userId: string, card: Card, now: number): Promise<void> {
  await db.run(sql`INSERT INTO auto_topup_settings (user_id, payment_method_id, card_brand, card_last4, card_exp_month,
      card_exp_year, updated_at)
    VALUES (${userId}, ${card.paymentMethodId}, ${card.brand}, ${card.last4}, ${card.expMonth}, ${card.expYear}, ${now})
    ON CONFLICT (user_id) DO UPDATE SET payment_method_id = excluded.payment_method_id, card_brand = excluded.card_brand,
      card_last4 = excluded.card_last4, card_exp_month = excluded.card_exp_month, card_exp_year = excluded.card_exp_year,
      updated_at = excluded.updated_at, consecutive_declines = 0, retry_after = NULL,
      status = CASE WHEN status IN ('paused_authentication', 'paused_declined') THEN 'active' ELSE status END`);
}
