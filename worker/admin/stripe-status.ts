// Stripe's own word on a user's purchases and plan payments, asked when the console opens a user:
// paid, unpaid, refunded, disputed (or unknown to Stripe). Stripe unreachable is an answer too
// (`reachable: false`), never a 500: the page still shows everything we know.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { idOf, type StripeClient } from '../stripe/client';
import type { StripePaymentWord } from '../vocabulary/stripe-words';

/** The newest purchases and invoices asked about: each costs Stripe 1-3 calls. */
const ASKED = 10;

export type StripeStatusReport =
  | { reachable: true; purchases: Record<string, StripePaymentWord>; invoices: Record<string, StripePaymentWord> }
  | { reachable: false };

/** Stripe has no such object: a definite answer, unlike a failed connection. */
const isMissing = (err: unknown) => (err as { code?: string })?.code === 'resource_missing';

async function chargeWord(stripe: StripeClient, paymentIntent: string | null): Promise<StripePaymentWord> {
  if (!paymentIntent) return 'paid';
  const intent = await stripe.paymentIntents.retrieve(paymentIntent);
  const chargeId = idOf(intent.latest_charge);
  if (!chargeId) return intent.status === 'succeeded' ? 'paid' : 'unpaid';
  const charge = await stripe.charges.retrieve(chargeId);
  if (charge.disputed) return 'disputed';
  return charge.amount_refunded > 0 ? 'refunded' : 'paid';
}

/** Stripe's word on one Checkout Session (a plan's session: paid or not; its invoice says more). */
export async function sessionWord(stripe: StripeClient, sessionId: string): Promise<StripePaymentWord> {
  try {
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    const paid =
      session.status === 'complete' &&
      (session.payment_status === 'paid' || session.payment_status === 'no_payment_required');
    if (!paid) return 'unpaid';
    return await chargeWord(stripe, idOf(session.payment_intent));
  } catch (err) {
    if (isMissing(err)) return 'unknown';
    throw err;
  }
}

export async function invoiceWord(stripe: StripeClient, invoiceId: string, paymentIntent: string | null) {
  try {
    const invoice = await stripe.invoices.retrieve(invoiceId);
    if (invoice.status !== 'paid') return 'unpaid';
    return await chargeWord(stripe, paymentIntent);
  } catch (err) {
    if (isMissing(err)) return 'unknown';
    throw err;
  }
}

export async function userStripeStatus(db: Db, stripe: StripeClient, userId: string): Promise<StripeStatusReport> {
  const [sessions, invoices] = await Promise.all([
    db.all<{ id: string }>(
      sql`SELECT id FROM checkout_sessions WHERE user_id = ${userId} ORDER BY created_at DESC LIMIT ${ASKED}`,
    ),
    db.all<{ id: string; payment_intent: string | null }>(
      sql`SELECT id, payment_intent FROM subscription_invoices WHERE user_id = ${userId}
          ORDER BY period_end DESC LIMIT ${ASKED}`,
    ),
  ]);
  try {
    const words = await Promise.all([
      ...sessions.map(async (s) => ['purchases', s.id, await sessionWord(stripe, s.id)] as const),
      ...invoices.map(async (i) => ['invoices', i.id, await invoiceWord(stripe, i.id, i.payment_intent)] as const),
    ]);
    const report = { reachable: true as const, purchases: {}, invoices: {} } as Extract<
      StripeStatusReport,
      { reachable: true }
    >;
    for (const [group, id, word] of words) report[group][id] = word;
    return report;
  } catch (err) {
    // Unreachable, failing, or our key refused: the console says "Stripe could not be reached".
    console.error(JSON.stringify({ msg: 'admin_stripe_status_failed', userId, error: String(err) }));
    return { reachable: false };
  }
}
