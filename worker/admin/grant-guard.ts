// The guard against the double credit: a grant that names a payment (a Checkout Session `cs_…`,
// PaymentIntent `pi_…` or invoice `in_…` id) already credited or paid, or made for a user with a
// session Stripe says is paid but we never credited, is refused with 409 `settle_instead` (naming
// the session or invoice) unless the operator sends `force: true`: a lost webhook is settled, once,
// never granted by hand and then credited again by the cron.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { conflict, serviceUnavailable } from '../errors';
import { RECONCILE_WINDOW_MS, type Stripe, type StripeClient } from '../stripe/client';

/** Stripe ids as they appear in free text. */
const PAYMENT_IDS = /\b(?:cs|pi|in)_[A-Za-z0-9_]+/g;
/** The user's own uncredited sessions asked about (newest first): each costs one Stripe call. */
const ASKED = 10;

type Finding =
  | { kind: 'credited'; id: string; sessionId?: string; invoiceId?: string }
  | { kind: 'paid'; sessionId: string };

async function isPaidAtStripe(stripe: StripeClient, sessionId: string): Promise<boolean> {
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(sessionId);
  } catch (err) {
    if ((err as { code?: string })?.code === 'resource_missing') return false;
    throw serviceUnavailable(
      'stripe_unavailable',
      'Stripe could not be reached to check whether this payment was already made, so nothing was granted. Try again, or send force: true if you are sure.',
    );
  }
  return (
    session.status === 'complete' &&
    (session.payment_status === 'paid' || session.payment_status === 'no_payment_required')
  );
}

/** A named id we already credited (a pack, an auto top-up or a plan's invoice). */
async function creditedPayment(db: Db, id: string): Promise<Finding | null> {
  const [row] = await db.all<{ session_id: string | null; invoice_id: string | null }>(
    sql`SELECT id AS session_id, NULL AS invoice_id FROM checkout_sessions
          WHERE (id = ${id} OR payment_intent = ${id}) AND status IN ('credited', 'refunded')
        UNION ALL SELECT NULL, id FROM subscription_invoices
          WHERE (id = ${id} OR payment_intent = ${id}) AND entry_id IS NOT NULL
        UNION ALL SELECT NULL, NULL FROM ledger_entries WHERE kind = 'purchase' AND reference = ${id}
        LIMIT 1`,
  );
  if (!row) return null;
  return {
    kind: 'credited',
    id,
    ...(row.session_id ? { sessionId: row.session_id } : {}),
    ...(row.invoice_id ? { invoiceId: row.invoice_id } : {}),
  };
}

/** The first reason this grant would pay for something twice, or null. */
async function findDouble(db: Db, stripe: () => StripeClient, userId: string, text: string, now: number) {
  const named = [...new Set(text.match(PAYMENT_IDS) ?? [])];
  for (const id of named) {
    const credited = await creditedPayment(db, id);
    if (credited) return credited;
  }
  // Sessions we hold as open or processing: named ones, and the user's own recent ones.
  const pending = await db.all<{ id: string }>(
    sql`SELECT id FROM checkout_sessions WHERE status IN ('open', 'processing')
        AND (id IN (${sql.join(
          ['', ...named].map((n) => sql`${n}`),
          sql`, `,
        )}) OR (user_id = ${userId} AND created_at >= ${now - RECONCILE_WINDOW_MS}))
        ORDER BY created_at DESC LIMIT ${ASKED}`,
  );
  for (const { id } of pending) {
    if (await isPaidAtStripe(stripe(), id)) return { kind: 'paid', sessionId: id } satisfies Finding;
  }
  return null;
}

/** Throws 409 settle_instead when the grant would pay for a payment twice. */
export async function guardGrant(db: Db, stripe: () => StripeClient, userId: string, text: string, now = Date.now()) {
  const found = await findDouble(db, stripe, userId, text, now);
  if (!found) return;
  if (found.kind === 'paid') {
    throw conflict(
      'settle_instead',
      `Stripe says purchase ${found.sessionId} is paid but it was never credited: settle it instead (it credits exactly once), or send force: true if this grant is for something else.`,
      { sessionId: found.sessionId },
    );
  }
  const what = found.sessionId ?? found.invoiceId ?? found.id;
  throw conflict(
    'settle_instead',
    `${found.id} was already credited (${what}): granting for it would credit it twice. Send force: true if this grant is for something else.`,
    {
      ...(found.sessionId ? { sessionId: found.sessionId } : {}),
      ...(found.invoiceId ? { invoiceId: found.invoiceId } : {}),
    },
  );
}
