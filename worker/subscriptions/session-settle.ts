// Settling a plan's Checkout Session (mode `subscription`): it is credited by the grant of its
// first invoice, so here it is linked to that invoice and, when asked by the success page or the
// cron, the invoice is fetched from Stripe and granted through the same idempotent path as
// `invoice.paid`. A pack's session settles in billing/fulfilment.ts; settleCheckoutSession picks by
// mode for the status call, the cron and the expiry of sessions (subscriptions sit above billing).

import { fulfilCheckoutSession, markSession, type SessionSnapshot } from '../billing/fulfilment';
import { linkSubscriptionInvoice } from '../billing/sessions';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { idOf } from '../stripe/client';
import { type EventRef, type FulfilResult, recordEvent } from '../stripe/event-log';
import { invoiceSchema, subscriptionSchema } from '../stripe/event-schemas';
import { refundIfClosed } from './closed-accounts';
import { guardSubscriptions } from './guard';
import { grantInvoice } from './invoices';
import { ignoreSubscriptionChanges, recordSubscription } from './store';

export type ModalSessionSnapshot = SessionSnapshot & {
  mode?: string | null;
  invoice?: string | { id: string } | null;
  subscription?: string | { id: string } | null;
};

/**
 * Records which invoice a subscription session started (from `checkout.session.completed` or a
 * retrieve); credited at once if that invoice was already granted. Never calls Stripe.
 */
export async function linkSubscriptionSession(
  db: Db,
  session: ModalSessionSnapshot,
  event?: EventRef,
  now = Date.now(),
): Promise<FulfilResult> {
  if (session.status === 'expired') return markSession(db, session.id, 'expired', ['open'], event, now);
  const invoiceId = idOf(session.invoice);
  // The link's rows first: the batch answers by position, and recordEvent adds 0 or 1 statements.
  const [rows] = await runBatch<{ user_id: string; status: FulfilResult['status'] }>(db, [
    linkSubscriptionInvoice(session.id, invoiceId, now),
    ...recordEvent(event, session.id),
  ]);
  const row = rows?.[0];
  if (!row) return { outcome: 'unknown_session', entries: [] };
  return { outcome: row.status === 'credited' ? 'duplicate' : 'recorded', entries: [], ...row };
}

/** How the status call and the cron settle a Checkout Session they found paid (or not) at Stripe. */
type SettleSession = (
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  session: ModalSessionSnapshot,
  now?: number,
) => Promise<FulfilResult>;

/**
 * The success page's and the cron's path for a subscription session: link it, then fetch its
 * subscription and first invoice from Stripe and record and grant them (once, whoever else does).
 */
export const fulfilSubscriptionSession: SettleSession = async (db, onCommit, stripe, session, now = Date.now()) => {
  const linked = await linkSubscriptionSession(db, session, undefined, now);
  const invoiceId = idOf(session.invoice);
  const subscriptionId = idOf(session.subscription);
  if (linked.outcome === 'unknown_session' || session.status !== 'complete' || !invoiceId) return linked;
  if (subscriptionId) {
    const sub = await stripe.subscriptions.retrieve(subscriptionId);
    // Not pushed from here: the grant just below is pushed as a `subscription` balance change, on
    // which the site asks for the subscription again, and the webhooks' own writes push theirs.
    await recordSubscription(
      db,
      ignoreSubscriptionChanges,
      subscriptionSchema.parse(sub),
      Math.floor(now / 1000),
      undefined,
      now,
    );
  }
  const invoice = await stripe.invoices.retrieve(invoiceId);
  const granted = await grantInvoice(db, onCommit, invoiceSchema.parse(invoice), undefined, now);
  return granted.outcome === 'ignored' ? linked : granted;
};

/**
 * Any Checkout Session, whatever its mode: the status call's and the cron's one entry point. Then
 * the closed-account and one-subscription rules: a pack paid for a closed account is refunded, a
 * plan's subscription that must not run is refunded and cancelled (guard.ts).
 */
export const settleCheckoutSession: SettleSession = async (db, onCommit, stripe, session, now = Date.now()) => {
  if (session.mode === 'subscription') {
    const result = await fulfilSubscriptionSession(db, onCommit, stripe, session, now);
    if (result.userId) await guardSubscriptions(db, onCommit, stripe, result.userId, idOf(session.subscription), now);
    return result;
  }
  const result = await fulfilCheckoutSession(db, onCommit, session, undefined, now);
  await refundIfClosed(db, onCommit, stripe, session, result, now);
  return result;
};
