// Dispatches a verified Stripe event to the module that owns it, from one map keyed by the
// vocabulary's event types (worker/vocabulary/stripe-events.ts): a pack's Checkout Sessions to
// billing/fulfilment.ts, a plan's to subscriptions/session-settle.ts, invoices and subscriptions to
// worker/subscriptions, refunds and disputes to billing/reversals.ts (through
// subscriptions/refunds.ts, which maps a payment we do not know yet). Other types are ignored.
import { fulfilCheckoutSession, markSession } from '../billing/fulfilment';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { idOf, type Stripe } from '../stripe/client';
import type { EventRef, FulfilResult } from '../stripe/event-log';
import {
  type CheckoutSessionObject,
  type EventObject,
  parseStripeEvent,
  type SubscriptionObject,
} from '../stripe/event-schemas';
import { grantInvoice, recordInvoicePayment, subscriptionOf } from '../subscriptions/invoices';
import { disputeCharge, refundCharge } from '../subscriptions/refunds';
import { linkSubscriptionSession } from '../subscriptions/session-settle';
import { markPastDue, recordSubscription } from '../subscriptions/store';
import { PENDING_STATUSES } from '../vocabulary/checkout-statuses';
import type { StripeEventType } from '../vocabulary/stripe-events';

interface EventScope {
  db: Db;
  onCommit: OnCommit;
  ref: EventRef;
  /** The event's `created` (seconds), or now when Stripe left it out: orders subscription states. */
  created: number;
  now: number;
  stripe?: Stripe;
}

type Handler<O> = (scope: EventScope, object: O) => Promise<FulfilResult>;

const ignored = async (): Promise<FulfilResult> => ({ outcome: 'ignored', entries: [] });

const settleSession: Handler<CheckoutSessionObject> = ({ db, onCommit, ref, now }, session) =>
  session.mode === 'subscription'
    ? linkSubscriptionSession(db, session, ref, now)
    : fulfilCheckoutSession(db, onCommit, session, ref, now);

const recordSubscriptionEvent: Handler<SubscriptionObject> = ({ db, ref, created, now }, sub) =>
  recordSubscription(db, sub, created, ref, now);

const dispute =
  (closed: boolean): Handler<EventObject<'charge.dispute.created'>> =>
  ({ db, onCommit, ref, now, stripe }, object) => {
    const pi = idOf(object.payment_intent);
    return pi ? disputeCharge(db, onCommit, ref, object, pi, closed, stripe, now) : ignored();
  };

/** The one list of what each event does; the compiler refuses a type without its handler. */
const HANDLERS: { [T in StripeEventType]: Handler<EventObject<T>> } = {
  'checkout.session.completed': settleSession,
  'checkout.session.async_payment_succeeded': settleSession,
  'checkout.session.expired': settleSession,
  'checkout.session.async_payment_failed': ({ db, ref, now }, session) =>
    markSession(db, session.id, 'failed', PENDING_STATUSES, ref, now),
  'invoice.paid': ({ db, onCommit, ref, now }, invoice) => grantInvoice(db, onCommit, invoice, ref, now),
  'invoice.payment_failed': ({ db, ref, created, now }, invoice) => {
    const subscriptionId = subscriptionOf(invoice);
    const periodEnd = invoice.lines.data[0]?.period.end;
    if (!subscriptionId || periodEnd === undefined) return ignored();
    return markPastDue(db, subscriptionId, periodEnd, created, ref, now);
  },
  'customer.subscription.created': recordSubscriptionEvent,
  'customer.subscription.updated': recordSubscriptionEvent,
  'customer.subscription.deleted': recordSubscriptionEvent,
  'invoice_payment.paid': ({ db, onCommit, ref, now }, payment) => {
    const invoiceId = idOf(payment.invoice);
    const pi = idOf(payment.payment.payment_intent);
    return invoiceId && pi ? recordInvoicePayment(db, onCommit, invoiceId, pi, ref, now) : ignored();
  },
  'charge.refunded': ({ db, onCommit, ref, now, stripe }, charge) => {
    const pi = idOf(charge.payment_intent);
    return pi ? refundCharge(db, onCommit, ref, charge, pi, stripe, now) : ignored();
  },
  'charge.dispute.created': dispute(false),
  'charge.dispute.closed': dispute(true),
};

export function handleStripeEvent(
  db: Db,
  onCommit: OnCommit,
  /** A verified event; its object is parsed here, so the handlers get the schemas' types. */
  event: Stripe.Event,
  now = Date.now(),
  /** For looking up what an event leaves out (a refunded charge's invoice); absent in pure ledger tests. */
  stripe?: Stripe,
): Promise<FulfilResult> {
  const parsed = parseStripeEvent(event);
  // The webhook refuses an invalid event (400) before it gets here; another type is acknowledged.
  if (parsed.kind !== 'handled') return ignored();
  const { id, type, created, object } = parsed.event;
  const scope: EventScope = {
    db,
    onCommit,
    ref: { id, type },
    created: created ?? Math.floor(now / 1000),
    now,
    stripe,
  };
  // One lookup in a complete map: TypeScript cannot pair `type` with `object` across the union.
  return (HANDLERS[type] as Handler<typeof object>)(scope, object);
}
