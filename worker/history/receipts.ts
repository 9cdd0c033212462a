// Receipts: finds Stripe's receipt page for one of the user's purchases, asked of Stripe when the user clicks.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import type { StripeClient } from '../stripe/client';

export const receiptNotFound = () => notFound('receipt_not_found', 'No receipt for this payment.');

/**
 * The charge's `receipt_url`. Not stored: Stripe's receipt links are long-lived but Stripe's to
 * change, so the click asks for the current one. Unknown sessions, other users' sessions and
 * sessions that were never paid all answer the same 404.
 */
export async function receiptUrl(db: Db, stripe: StripeClient, userId: string, sessionId: string): Promise<string> {
  const [row] = await db.all<{ paymentIntent: string | null }>(
    sql`SELECT payment_intent AS paymentIntent FROM checkout_sessions WHERE id = ${sessionId} AND user_id = ${userId} LIMIT 1`,
  );
  if (!row?.paymentIntent) throw receiptNotFound();
  try {
    const intent = await stripe.paymentIntents.retrieve(row.paymentIntent);
    const chargeId = typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
    if (!chargeId) throw receiptNotFound();
    const charge = await stripe.charges.retrieve(chargeId);
    if (!charge.receipt_url) throw receiptNotFound();
    return charge.receipt_url;
  } catch (err) {
    // Stripe no longer knows the payment (another account's data, a test-mode reset): no receipt, not an outage.
    if ((err as { statusCode?: unknown })?.statusCode === 404) throw receiptNotFound();
    throw err;
  }
}
