// The checkout_sessions table's owner: every statement that writes a session row lives here (or in
// fulfilment.ts, its status path), for packs and plans alike. Other modules call these, or take the
// statements to run in their own batch.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { refundedTotal } from '../ledger/payments';
import { type CheckoutStatus, CREDITED_STATUSES, PENDING_STATUSES } from '../vocabulary/checkout-statuses';

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

export interface NewCheckoutSession {
  id: string;
  userId: string;
  /** A pack's id, or (mode `subscription`) the plan's. */
  packId: string;
  credits: number;
  amount: number;
  currency: string;
  mode: 'payment' | 'subscription';
}

/** Recorded before answering the create call, so the webhook always finds the row (and its price). */
export async function recordCheckoutSession(db: Db, row: NewCheckoutSession): Promise<void> {
  await db.run(sql`
    INSERT INTO checkout_sessions (id, user_id, pack_id, credits, amount, currency, mode)
    VALUES (${row.id}, ${row.userId}, ${row.packId}, ${row.credits}, ${row.amount}, ${row.currency}, ${row.mode})
    ON CONFLICT DO NOTHING`);
}

/** At most one Stripe retrieve per session in this window; other polls are answered from D1. */
export const STATUS_REFRESH_MS = 3_000;

/** Claims the right to ask Stripe about this session now; false if someone asked within the window. */
export async function claimStripeCheck(db: Db, sessionId: string, now: number): Promise<boolean> {
  const claimed = await db.all<{ id: string }>(sql`
    UPDATE checkout_sessions SET stripe_checked_at = ${now}
    WHERE id = ${sessionId} AND stripe_checked_at <= ${now - STATUS_REFRESH_MS} RETURNING id`);
  return claimed.length > 0;
}

export interface CheckoutStatusView {
  sessionId: string;
  status: CheckoutStatus;
  credits: number;
  balance: number;
}

/** The owner's session with the user's balance; null for an unknown id or another user's session. */
export async function readStatus(db: Db, userId: string, sessionId: string): Promise<CheckoutStatusView | null> {
  const [row] = await db.all<CheckoutStatusView>(sql`
    SELECT cs.id AS sessionId, cs.status, cs.credits, u.credits AS balance
    FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
    WHERE cs.id = ${sessionId} AND cs.user_id = ${userId} LIMIT 1`);
  return row ?? null;
}

/** Sessions created since `since` (ms) that we still hold as pending. */
export async function pendingSessionIds(db: Db, since: number): Promise<Set<string>> {
  const rows = await db.all<{ id: string }>(sql`
    SELECT id FROM checkout_sessions WHERE created_at >= ${since} AND status IN (${inList(PENDING_STATUSES)})`);
  return new Set(rows.map((r) => r.id));
}

/** Records the clawed-back refund on the session (after the ledger's `refundMove`, same batch). */
export function markRefunded(paymentIntent: string, now: number): SQL {
  const credited = inList(CREDITED_STATUSES);
  return sql`UPDATE checkout_sessions AS cs
    SET amount_refunded = ${refundedTotal},
        status = CASE WHEN ${refundedTotal} >= cs.amount THEN 'refunded' ELSE cs.status END,
        updated_at = ${now}
    WHERE cs.payment_intent = ${paymentIntent} AND cs.status IN (${credited}) AND cs.amount_refunded < ${refundedTotal}`;
}

/**
 * Links a subscription session to the invoice it started, and credits it at once if that invoice
 * was already granted. Returns the row (user, status) when the session is ours.
 */
export function linkSubscriptionInvoice(sessionId: string, invoiceId: string | null, now: number): SQL {
  const granted = sql`EXISTS (SELECT 1 FROM subscription_invoices si WHERE si.id = checkout_sessions.invoice_id
    AND si.entry_id IS NOT NULL)`;
  return sql`UPDATE checkout_sessions SET invoice_id = COALESCE(invoice_id, ${invoiceId}), updated_at = ${now},
      status = CASE WHEN status IN (${inList(PENDING_STATUSES)}) AND ${granted} THEN 'credited' ELSE status END
    WHERE id = ${sessionId} AND mode = 'subscription'
    RETURNING user_id, status`;
}

/** The subscription session an invoice's grant credits (run in the grant's batch). */
export function creditSubscriptionSession(invoiceId: string, now: number): SQL {
  return sql`UPDATE checkout_sessions SET status = 'credited', updated_at = ${now}
    WHERE invoice_id = ${invoiceId} AND mode = 'subscription' AND status IN (${inList(PENDING_STATUSES)})`;
}
