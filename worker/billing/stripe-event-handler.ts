// Dispatches a verified Stripe event to the module that owns it: a pack's Checkout Sessions to
// fulfilment.ts, a plan's to subscriptions/session-settle.ts, invoices and subscriptions to
// worker/subscriptions, refunds and disputes to reversals.ts (through subscriptions/refunds.ts,
// which maps a payment we do not know yet). Unknown types are acknowledged and ignored.
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { guardSubscriptions } from '../subscriptions/guard';
import { grantInvoice, type InvoiceSnapshot, recordInvoicePayment, subscriptionOf } from '../subscriptions/invoices';
import { disputeCharge, refundCharge } from '../subscriptions/refunds';
import { linkSubscriptionSession, type ModalSessionSnapshot } from '../subscriptions/session-settle';
import {
  ignoreSubscriptionChanges,
  markPastDue,
  type OnSubscriptionChange,
  recordSubscription,
  type SubscriptionSnapshot,
} from '../subscriptions/store';
import { refundIfClosed } from './closed-accounts';
import { type EventRef, type FulfilResult, fulfilCheckoutSession, idOf, markSession } from './fulfilment';
import type { Stripe } from './stripe-client';

export async function handleStripeEvent(
  db: Db,
  onCommit: OnCommit,
  event: Stripe.Event,
  now = Date.now(),
  /** For looking up what an event leaves out, and for refunds the guards make; absent in pure ledger tests. */
  stripe?: Stripe,
  /** Told when a subscription's stored state changed (the live push); pure ledger tests need none. */
  onSubscription: OnSubscriptionChange = ignoreSubscriptionChanges,
): Promise<FulfilResult> {
  const result = await dispatch(db, onCommit, event, now, stripe, onSubscription);
  if (stripe && result.userId) await applyGuards(db, onCommit, stripe, event, result, result.userId, now);
  return result;
}

/**
 * After the event's own effect: a paid pack for a closed account is refunded; a subscription that
 * must not run (a second one, or a closed account's) is refunded and cancelled. A failure here
 * throws, so Stripe retries the event and the guard runs again (every step is idempotent).
 */
async function applyGuards(
  db: Db,
  onCommit: OnCommit,
  stripe: Stripe,
  event: Stripe.Event,
  result: FulfilResult,
  userId: string,
  now: number,
) {
  const object = event.data.object as { id: string };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = object as ModalSessionSnapshot;
      if (session.mode === 'subscription') {
        await guardSubscriptions(db, onCommit, stripe, userId, idOf(session.subscription), now);
      } else {
        await refundIfClosed(db, onCommit, stripe, session, result, now);
      }
      return;
    }
    case 'invoice.paid':
      await guardSubscriptions(db, onCommit, stripe, userId, subscriptionOf(object as unknown as InvoiceSnapshot), now);
      return;
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      await guardSubscriptions(db, onCommit, stripe, userId, object.id, now);
      return;
  }
}

function dispatch(
  db: Db,
  onCommit: OnCommit,
  event: Stripe.Event,
  now: number,
  stripe: Stripe | undefined,
  onSubscription: OnSubscriptionChange,
): Promise<FulfilResult> {
  const ref: EventRef = { id: event.id, type: event.type };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.expired': {
      const session = event.data.object as ModalSessionSnapshot;
      if (session.mode === 'subscription') return linkSubscriptionSession(db, session, ref, now);
      return fulfilCheckoutSession(db, onCommit, session, ref, now);
    }
    case 'checkout.session.async_payment_failed':
      return markSession(db, event.data.object.id, 'failed', ['open', 'processing'], ref, now);
    case 'invoice.paid':
      return grantInvoice(db, onCommit, event.data.object as unknown as InvoiceSnapshot, ref, now);
    case 'invoice.payment_failed': {
      const invoice = event.data.object as unknown as InvoiceSnapshot;
      const subscriptionId = subscriptionOf(invoice);
      const periodEnd = invoice.lines.data[0]?.period.end;
      if (!subscriptionId || periodEnd === undefined) return Promise.resolve({ outcome: 'ignored', entries: [] });
      return markPastDue(
        db,
        onSubscription,
        subscriptionId,
        periodEnd,
        event.created ?? Math.floor(now / 1000),
        ref,
        now,
      );
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return recordSubscription(
        db,
        onSubscription,
        event.data.object as unknown as SubscriptionSnapshot,
        event.created ?? Math.floor(now / 1000),
        ref,
        now,
      );
    case 'invoice_payment.paid': {
      const payment = event.data.object;
      const invoiceId = idOf(payment.invoice as string | { id: string });
      const pi = idOf(payment.payment?.payment_intent as string | { id: string } | undefined);
      if (!invoiceId || !pi) return Promise.resolve({ outcome: 'ignored', entries: [] });
      return recordInvoicePayment(db, onCommit, invoiceId, pi, ref, now);
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const pi = idOf(charge.payment_intent);
      if (!pi) return Promise.resolve({ outcome: 'ignored', entries: [] });
      return refundCharge(db, onCommit, ref, charge, pi, stripe, now);
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      const pi = idOf(dispute.payment_intent);
      if (!pi) return Promise.resolve({ outcome: 'ignored', entries: [] });
      return disputeCharge(db, onCommit, ref, dispute, pi, event.type === 'charge.dispute.closed', stripe, now);
    }
    default:
      return Promise.resolve({ outcome: 'ignored', entries: [] });
  }
}
