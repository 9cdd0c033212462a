// The success page's status call: "where is my purchase?", settling the session here (either mode,
// through subscriptions/session-settle.ts) when Stripe says it is paid and no webhook came yet.
// Idempotent like the webhook and the cron, so all three may race and credit once.
import { checkoutNotFound } from '../billing/checkout';
import { type CheckoutStatusView, claimStripeCheck, readStatus } from '../billing/sessions';
import type { Db } from '../db/client';
import { AppError } from '../errors';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { settleCheckoutSession } from '../subscriptions/session-settle';
import { type CheckoutStatus, PENDING_STATUSES } from '../vocabulary/checkout-statuses';

/**
 * The success page's question. If the purchase is not settled yet, ask Stripe and fulfil it here
 * (the same idempotent path as the webhook), so a late or lost webhook never leaves the user
 * waiting. Only the owner may ask: another user's session is a 404, like an unknown one.
 */
export async function checkoutStatus(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  userId: string,
  sessionId: string,
  now = Date.now(),
): Promise<CheckoutStatusView> {
  let view = await readStatus(db, userId, sessionId);
  if (!view) throw checkoutNotFound();
  if (!(PENDING_STATUSES as readonly CheckoutStatus[]).includes(view.status)) return view;
  // A page polling every second, or a script polling 100 times a second, costs Stripe one call
  // per window: whoever wins this conditional UPDATE asks, everyone else answers from D1.
  if (!(await claimStripeCheck(db, sessionId, now))) return view;

  try {
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    const result = await settleCheckoutSession(db, onCommit, stripe, session);
    const credit = result.entries.find((e) => e.kind === 'purchase' && e.userId === userId);
    if (credit) {
      // This call credited it: the entry carries the new balance, no need to read it again.
      view = { ...view, status: 'credited', balance: credit.balanceAfter };
    } else if (result.outcome !== 'ignored') {
      // Changed by someone else meanwhile (the webhook), or only a status: read the settled row.
      view = (await readStatus(db, userId, sessionId)) ?? view;
    }
  } catch (err) {
    // Stripe (or D1) unreachable: answer what we know; the page asks again, and the webhook or
    // the cron will settle it.
    if (err instanceof AppError) throw err;
    console.error(JSON.stringify({ msg: 'checkout_status_stripe_failed', sessionId, error: String(err) }));
  }
  return view;
}
