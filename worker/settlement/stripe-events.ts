// Dispatches a verified Stripe event to the module that owns it, from one map keyed by the
// vocabulary's event types (worker/vocabulary/stripe-events.ts): a pack's Checkout Sessions to
// billing/fulfilment.ts, a plan's to subscriptions/session-settle.ts, invoices and subscriptions to
// worker/subscriptions, refunds and disputes to billing/reversals.ts (through
// subscriptions/refunds.ts, which maps a payment we do not know yet). Other types are ignored.
// After the event's own effect, its guard (if any) applies the closed-account and
// one-subscription rules.

import { saveCardFromPayment, saveCardFromSetupSession } from '../autotopup/card';
import type { PauseMailer } from '../autotopup/pause-mail';
import { settleFailed, settleSucceeded } from '../autotopup/settle';
import { fulfilCheckoutSession, markSession } from '../billing/fulfilment';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { idOf, type Stripe, type StripeClient } from '../stripe/client';
import type { EventRef, FulfilResult } from '../stripe/event-log';
import {
  type CheckoutSessionObject,
  type EventObject,
  type PaymentIntentObject,
  parseStripeEvent,
  type SubscriptionObject,
} from '../stripe/event-schemas';
import { refundIfClosed } from '../subscriptions/closed-accounts';
import { guardSubscriptions } from '../subscriptions/guard';
import { grantInvoice, recordInvoicePayment, subscriptionOf } from '../subscriptions/invoices';
import { disputeCharge, refundCharge } from '../subscriptions/refunds';
import { linkSubscriptionSession } from '../subscriptions/session-settle';
import {
  ignoreSubscriptionChanges,
  markPastDue,
  type OnSubscriptionChange,
  recordSubscription,
} from '../subscriptions/store';
import { PENDING_STATUSES } from '../vocabulary/checkout-statuses';
import type { StripeEventType } from '../vocabulary/stripe-events';

interface EventScope {
  db: Db;
  onCommit: OnCommit;
  onSubscription: OnSubscriptionChange;
  ref: EventRef;
  /** The event's `created` (seconds), or now when Stripe left it out: orders subscription states. */
  created: number;
  now: number;
  stripe?: StripeClient;
  /** The mail env, for an auto top-up pause's notice; absent in pure ledger tests. */
  mailer?: PauseMailer;
}

type Handler<O> = (scope: EventScope, object: O) => Promise<FulfilResult>;
/**
 * Runs after the event's own effect, for a user of ours, when Stripe is reachable: a paid pack for a
 * closed account is refunded; a subscription that must not run (a second one, or a closed account's)
 * is refunded and cancelled. A failure throws, so Stripe retries and the guard runs again (each step
 * is idempotent).
 */
type Guard<O> = (
  scope: EventScope & { stripe: StripeClient; userId: string; result: FulfilResult },
  object: O,
) => Promise<unknown>;
interface Route<O> {
  handle: Handler<O>;
  guard?: Guard<O>;
}

const ignored = async (): Promise<FulfilResult> => ({ outcome: 'ignored', entries: [] });

const settleSession: Handler<CheckoutSessionObject> = ({ db, onCommit, ref, now, stripe }, session) => {
  // A `setup` session saves auto top-up's card; it sells nothing.
  if (session.mode === 'setup') return saveCardFromSetupSession(db, stripe, session, now);
  return session.mode === 'subscription'
    ? linkSubscriptionSession(db, session, ref, now)
    : fulfilCheckoutSession(db, onCommit, session, ref, now);
};

const guardPaidSession: Guard<CheckoutSessionObject> = async (
  { db, onCommit, stripe, userId, result, now },
  session,
) => {
  if (session.mode === 'setup') return;
  if (session.mode === 'subscription')
    return guardSubscriptions(db, onCommit, stripe, userId, idOf(session.subscription), now);
  await refundIfClosed(db, onCommit, stripe, session, result, now);
  // A pack bought with "save my card" (POST /api/checkout {saveCard: true}): its card tops up later.
  const pi = idOf(session.payment_intent);
  if (session.metadata?.saveCard === 'true' && pi && !result.accountClosed)
    await saveCardFromPayment(db, stripe, userId, pi, now);
};

/** Auto top-up's own PaymentIntents (`metadata.autoTopup`); a Checkout payment's are settled by its session. */
const ownIntent = (intent: PaymentIntentObject) => intent.metadata?.autoTopup === 'true';
const attemptOf = (intent: PaymentIntentObject) => intent.metadata?.attemptId ?? null;

const subscriptionRoute: Route<SubscriptionObject> = {
  handle: ({ db, onSubscription, ref, created, now }, sub) =>
    recordSubscription(db, onSubscription, sub, created, ref, now),
  guard: ({ db, onCommit, stripe, userId, now }, sub) => guardSubscriptions(db, onCommit, stripe, userId, sub.id, now),
};

const disputeRoute = (closed: boolean): Route<EventObject<'charge.dispute.created'>> => ({
  handle: ({ db, onCommit, ref, now, stripe }, dispute) => {
    const pi = idOf(dispute.payment_intent);
    return pi
      ? disputeCharge(db, onCommit, { event: ref, dispute, paymentIntent: pi, closed }, stripe, now)
      : ignored();
  },
});

/** The one list of what each event does; the compiler refuses a type without its route. */
const ROUTES: { [T in StripeEventType]: Route<EventObject<T>> } = {
  'checkout.session.completed': { handle: settleSession, guard: guardPaidSession },
  'checkout.session.async_payment_succeeded': { handle: settleSession, guard: guardPaidSession },
  'checkout.session.expired': { handle: settleSession },
  'checkout.session.async_payment_failed': {
    handle: ({ db, ref, now }, session) => markSession(db, session.id, 'failed', PENDING_STATUSES, ref, now),
  },
  'invoice.paid': {
    handle: ({ db, onCommit, ref, now }, invoice) => grantInvoice(db, onCommit, invoice, ref, now),
    guard: ({ db, onCommit, stripe, userId, now }, invoice) =>
      guardSubscriptions(db, onCommit, stripe, userId, subscriptionOf(invoice), now),
  },
  'invoice.payment_failed': {
    handle: ({ db, onSubscription, ref, created, now }, invoice) => {
      const subscriptionId = subscriptionOf(invoice);
      const periodEnd = invoice.lines.data[0]?.period.end;
      if (!subscriptionId || periodEnd === undefined) return ignored();
      return markPastDue(db, onSubscription, subscriptionId, periodEnd, created, ref, now);
    },
  },
  'customer.subscription.created': subscriptionRoute,
  'customer.subscription.updated': subscriptionRoute,
  'customer.subscription.deleted': subscriptionRoute,
  'invoice_payment.paid': {
    handle: ({ db, onCommit, ref, now }, payment) => {
      const invoiceId = idOf(payment.invoice);
      const pi = idOf(payment.payment.payment_intent);
      return invoiceId && pi ? recordInvoicePayment(db, onCommit, invoiceId, pi, ref, now) : ignored();
    },
  },
  'charge.refunded': {
    handle: ({ db, onCommit, ref, now, stripe }, charge) => {
      const pi = idOf(charge.payment_intent);
      return pi ? refundCharge(db, onCommit, ref, charge, pi, stripe, now) : ignored();
    },
  },
  'charge.dispute.created': disputeRoute(false),
  'charge.dispute.closed': disputeRoute(true),
  'payment_intent.succeeded': {
    handle: ({ db, onCommit, ref, now }, intent) =>
      ownIntent(intent)
        ? settleSucceeded(
            db,
            onCommit,
            {
              id: intent.id,
              amount: intent.amount_received || intent.amount,
              currency: intent.currency,
              attemptId: attemptOf(intent),
            },
            ref,
            now,
          )
        : ignored(),
  },
  'payment_intent.payment_failed': {
    handle: ({ db, ref, now, mailer }, intent) => {
      if (!ownIntent(intent)) return ignored();
      // Stripe's `code`, as the synchronous answer records it (autotopup/charge.ts's cardFailure).
      const code = intent.last_payment_error?.code ?? 'card_declined';
      const attemptId = attemptOf(intent);
      return settleFailed(
        db,
        attemptId ? { attemptId, paymentIntent: intent.id } : { paymentIntent: intent.id },
        code,
        ref,
        now,
        mailer,
      );
    },
  },
};

export async function handleStripeEvent(
  db: Db,
  onCommit: OnCommit,
  /** A verified event; its object is parsed here, so the handlers get the schemas' types. */
  event: Stripe.Event,
  now = Date.now(),
  /** For looking up what an event leaves out, and for refunds the guards make; absent in pure ledger tests. */
  stripe?: StripeClient,
  /** Told when a subscription's stored state changed (the live push); pure ledger tests need none. */
  onSubscription: OnSubscriptionChange = ignoreSubscriptionChanges,
  mailer?: PauseMailer,
): Promise<FulfilResult> {
  const parsed = parseStripeEvent(event);
  // The webhook refuses an invalid event (400) before it gets here; another type is acknowledged.
  if (parsed.kind !== 'handled') return ignored();
  const { id, type, created, object } = parsed.event;
  const scope: EventScope = {
    db,
    onCommit,
    onSubscription,
    ref: { id, type },
    created: created ?? Math.floor(now / 1000),
    now,
    stripe,
    mailer,
  };
  // One lookup in a complete map: TypeScript cannot pair `type` with `object` across the union.
  const route = ROUTES[type] as Route<typeof object>;
  const result = await route.handle(scope, object);
  if (route.guard && stripe && result.userId)
    await route.guard({ ...scope, stripe, userId: result.userId, result }, object);
  return result;
}
