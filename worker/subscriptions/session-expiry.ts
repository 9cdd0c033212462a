// Expiring Checkout Sessions the user must no longer pay: all their open ones when they close the
// account, and an older open plan session when they start a new one. Stripe decides: a session
// paid in the meantime cannot be expired, and is settled (credited, or refunded for a closed
// account) through the one settle path instead.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { settleCheckoutSession } from './session-settle';

/** The longest a Checkout Session can stay open (Stripe's `expires_at` limit). */
const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000;

export type ExpiryResult = { outcome: 'expired' } | { outcome: 'not_open'; status: string | null };

export async function expireCheckoutSession(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  sessionId: string,
  now = Date.now(),
): Promise<ExpiryResult> {
  try {
    const expired = await stripe.checkout.sessions.expire(sessionId);
    await settleCheckoutSession(db, onCommit, stripe, expired, now);
    return { outcome: 'expired' };
  } catch (err) {
    if ((err as { type?: unknown })?.type !== 'StripeInvalidRequestError') throw err;
    // Not open any more (paid, or expired already): settle what it is.
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    if (session.status === 'open') throw err;
    await settleCheckoutSession(db, onCommit, stripe, session, now);
    return { outcome: 'not_open', status: session.status };
  }
}

/**
 * Closing: every open session of the user (packs and plans). Runs after the account is closed, so
 * a failure is logged, never undone: a payment that still arrives is refunded when it is settled.
 */
export async function expireOpenSessions(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  userId: string,
  now = Date.now(),
): Promise<void> {
  // Stripe expires every session within 24 hours of its creation: older rows cannot be paid.
  const rows = await db.all<{ id: string }>(
    sql`SELECT id FROM checkout_sessions WHERE user_id = ${userId} AND status = 'open'
          AND created_at > ${now - SESSION_LIFETIME_MS}`,
  );
  for (const { id } of rows) {
    try {
      await expireCheckoutSession(db, onCommit, stripe, id, now);
    } catch (err) {
      console.error(JSON.stringify({ msg: 'closing_expire_failed', sessionId: id, error: String(err) }));
    }
  }
}
