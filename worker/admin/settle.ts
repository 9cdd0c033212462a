// "I paid and got nothing": the operator asks Stripe about a Checkout Session and, if it is paid,
// credits it through the one settlement path the webhook, the status call and the cron use
// (settleCheckoutSession), so whichever of them comes later finds it credited and adds nothing.
import { sql } from 'drizzle-orm';
import { auditRow } from '../audit/log';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { AppError, conflict, notFound, serviceUnavailable } from '../errors';
import type { OnCommit } from '../ledger/commit';
import type { Stripe, StripeClient } from '../stripe/client';
import { settleCheckoutSession } from '../subscriptions/session-settle';
import type { CheckoutStatus } from '../vocabulary/checkout-statuses';

export interface SettleAnswer {
  status: CheckoutStatus;
  credits: number;
  balance: number;
}

const unreachable = () =>
  serviceUnavailable(
    'stripe_unavailable',
    'Stripe could not be reached, so nothing was credited. Try again: settling never credits twice.',
  );

async function readSession(db: Db, sessionId: string) {
  const [row] = await db.all<{ user_id: string; status: CheckoutStatus; credits: number; balance: number }>(
    sql`SELECT cs.user_id, cs.status, cs.credits, u.credits AS balance
        FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id WHERE cs.id = ${sessionId}`,
  );
  return row;
}

export async function settlePurchase(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  operator: { id: string },
  sessionId: string,
  now = Date.now(),
): Promise<SettleAnswer> {
  const before = await readSession(db, sessionId);
  if (!before) throw notFound('purchase_not_found', 'No such purchase.');
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(sessionId);
  } catch {
    throw unreachable();
  }
  const paid =
    session.status === 'complete' &&
    (session.payment_status === 'paid' || session.payment_status === 'no_payment_required');
  if (!paid) {
    throw conflict(
      'session_not_paid',
      `Stripe says this session is not paid (status ${session.status ?? 'unknown'}, payment ${session.payment_status}), so nothing was credited.`,
    );
  }
  let credited: boolean;
  try {
    const result = await settleCheckoutSession(db, onCommit, stripe, session, now);
    credited = result.entries.length > 0;
  } catch (err) {
    if (err instanceof AppError) throw err;
    // A plan's session asks Stripe for its invoice too; D1's own failures land here as well.
    console.error(JSON.stringify({ msg: 'admin_settle_failed', sessionId, error: String(err) }));
    throw unreachable();
  }
  // The settlement path owns its batch, so the audit row follows it rather than sharing it; the
  // ledger entry itself names the session, so a lost audit row never hides where credit came from.
  // Recorded only when this click credited: a settle that found the work done changed nothing.
  if (credited) {
    await runBatch(db, [
      auditRow({
        actor: operator.id,
        action: 'purchase.settle',
        target: sessionId,
        detail: { userId: before.user_id, credits: before.credits },
      }),
    ]);
  }
  const after = (await readSession(db, sessionId)) ?? before;
  return { status: after.status, credits: after.credits, balance: after.balance };
}
