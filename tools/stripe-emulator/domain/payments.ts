// Money moving: paying a checkout session (cards with Stripe's test declines, bank transfers that settle later), refunds and disputes.

import { formatAmount } from '../core/money';
import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import {
  buildDispute,
  buildPaymentIntent,
  buildRefund,
  type Charge,
  type CheckoutSession,
  customerDetails,
  type Dispute,
  type EventRequest,
  newId,
  type PaymentMethodDetails,
  type Refund,
  unixNow,
} from '../objects/objects';
import { mergeMetadata } from '../params/form-values';
import type { CreateRefundParams } from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import { scheduleSettlement } from './bank-transfers';
import { type CardInput, checkCard } from './cards';
import { createCustomer } from './catalog';
import { recordCharge } from './charges';
import { requireSession } from './checkout-sessions';
import { attachCard } from './saved-cards';
import { completeSetupSession } from './setup-checkout';
import { startCheckoutSubscription } from './subscription-checkout';

const DEFAULT_CUSTOMER_EMAIL = 'customer@example.com';

export interface PaymentAttempt extends CardInput {
  method: 'card' | 'bank_transfer';
  email?: string;
  name?: string;
  /** False records the events but holds them back, so the app must find out by itself. */
  deliverWebhooks: boolean;
  asyncOutcome: 'succeeded' | 'failed';
  asyncSettleMs?: number;
}

/**
 * Pays an open session as the hosted page would. A card payment completes it `paid` at once; a bank
 * transfer completes it `unpaid` and settles (or fails) asyncSettleMs later, as Stripe's delayed
 * payment methods do. A declined card changes nothing and emits nothing.
 */
export function payCheckoutSession(ctx: EmulatorContext, sessionId: string, attempt: PaymentAttempt): CheckoutSession {
  const record = requireSession(ctx, sessionId);
  const { session } = record;
  if (session.status !== 'open') {
    throw invalidRequest(`This Checkout Session is no longer open (its status is "${session.status}").`, {
      code: 'checkout_session_not_open',
    });
  }
  if (session.mode === 'subscription' && attempt.method !== 'card') {
    throw invalidRequest('Subscriptions in the emulator are paid by card.', { param: 'method' });
  }
  if (session.mode === 'setup' && attempt.method !== 'card') {
    throw invalidRequest('A setup session in the emulator saves a card.', { param: 'method' });
  }
  const method: PaymentMethodDetails = attempt.method === 'card' ? checkCard(attempt) : { type: 'customer_balance' };
  const existingCustomer = typeof session.customer === 'string' ? ctx.store.customers.get(session.customer) : undefined;
  const email =
    attempt.email ??
    session.customer_email ??
    existingCustomer?.email ??
    session.customer_details?.email ??
    DEFAULT_CUSTOMER_EMAIL;
  const name = attempt.name?.trim() || null;
  const digits = attempt.card.replace(/[\s-]/g, '');
  if (session.mode === 'subscription' && method.type === 'card') {
    if (!attempt.deliverWebhooks) record.holdWebhooks = true;
    startCheckoutSubscription(ctx, record, { digits, method, email, name });
    return session;
  }
  if (session.mode === 'setup' && method.type === 'card') {
    if (!attempt.deliverWebhooks) record.holdWebhooks = true;
    completeSetupSession(ctx, record, { digits, method, email, name });
    return session;
  }
  // payment_intent_data[setup_future_usage]: the paid card is kept on the customer (made now if the
  // session named none, as Stripe does) and is the intent's payment method.
  const { setupFutureUsage } = record.paymentIntentData;
  let customerId = existingCustomer?.id ?? null;
  let savedCardId: string | undefined;
  if (setupFutureUsage && method.type === 'card') {
    const customer = existingCustomer ?? createCustomer(ctx, { email, name: name ?? undefined });
    savedCardId = attachCard(ctx, customer, { digits, method, email, name }).id;
    customerId = customer.id;
    session.customer = customer.id;
  }
  const created = unixNow();
  const paymentIntent = buildPaymentIntent({
    amount: session.amount_total ?? 0,
    currency: session.currency ?? 'usd',
    created,
    // Stripe copies only payment_intent_data.metadata; the emulator also copies the session's so a
    // charge names its pack. Code that must also run against Stripe should not rely on that.
    metadata: { ...(session.metadata ?? {}), ...record.paymentIntentData.metadata },
    description: record.paymentIntentData.description,
    receiptEmail: email,
    paymentMethodId: savedCardId ?? newId('pm_'),
    method,
    status: method.type === 'card' ? 'succeeded' : 'processing',
  });
  paymentIntent.customer = customerId;
  paymentIntent.setup_future_usage = setupFutureUsage ?? null;
  ctx.store.paymentIntents.set(paymentIntent.id, paymentIntent);
  if (method.type === 'card') recordCharge(ctx, paymentIntent, method, email, name, created);

  session.payment_intent = paymentIntent.id;
  session.status = 'complete';
  session.payment_status = method.type === 'card' ? 'paid' : 'unpaid';
  session.customer_details = customerDetails(email, name);
  session.url = null; // Stripe clears the URL once a session can no longer be paid
  if (!attempt.deliverWebhooks) record.holdWebhooks = true;
  ctx.log(`paid ${session.id} by ${method.type === 'card' ? `card …${method.last4}` : 'bank transfer'}`);
  ctx.webhooks.emit('checkout.session.completed', session, { sessionId: session.id, hold: record.holdWebhooks });

  if (method.type === 'customer_balance') {
    scheduleSettlement(ctx, {
      sessionId: session.id,
      paymentIntentId: paymentIntent.id,
      outcome: attempt.asyncOutcome,
      email,
      name,
      dueAt: Date.now() + (attempt.asyncSettleMs ?? ctx.settings.asyncSettleMs),
    });
  }
  return session;
}

/** Sends the events held back for a session and stops holding later ones; returns how many were released. */
export function releaseHeldEvents(ctx: EmulatorContext, sessionId: string): number {
  const record = requireSession(ctx, sessionId);
  record.holdWebhooks = false;
  return ctx.webhooks.deliverHeld(sessionId);
}

function refundableCharge(ctx: EmulatorContext, params: CreateRefundParams): Charge {
  if (params.charge !== undefined) {
    const charge = ctx.store.charges.get(params.charge);
    if (!charge) throw resourceMissing('charge', params.charge, 'charge', 'param');
    if (params.payment_intent !== undefined && charge.payment_intent !== params.payment_intent) {
      throw invalidRequest(`Charge ${charge.id} does not belong to PaymentIntent ${params.payment_intent}.`, {
        param: 'payment_intent',
      });
    }
    return charge;
  }
  if (params.payment_intent === undefined) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', {
      code: 'parameter_missing',
    });
  }
  const paymentIntent = ctx.store.paymentIntents.get(params.payment_intent);
  if (!paymentIntent) throw resourceMissing('payment_intent', params.payment_intent, 'payment_intent', 'param');
  const charge =
    typeof paymentIntent.latest_charge === 'string' ? ctx.store.charges.get(paymentIntent.latest_charge) : undefined;
  if (!charge) {
    throw invalidRequest(`This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`, {
      code: 'charge_not_refundable',
      param: 'payment_intent',
    });
  }
  return charge;
}

/**
 * Refunds part or the rest of a charge and emits `charge.refunded` with the updated charge, whose
 * `amount_refunded` is the running total (the app works out the new part from it).
 */
export function createRefund(ctx: EmulatorContext, params: CreateRefundParams, request: EventRequest): Refund {
  const charge = refundableCharge(ctx, params);
  const openDispute = [...ctx.store.disputes.values()].some(
    (dispute) => dispute.charge === charge.id && dispute.status !== 'won' && dispute.status !== 'lost',
  );
  if (openDispute) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
      code: 'charge_disputed',
    });
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  }
  const amount = params.amount ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      { code: 'amount_too_large', param: 'amount' },
    );
  }
  const refund = buildRefund({
    charge,
    amount,
    reason: params.reason ?? null,
    metadata: mergeMetadata({}, params.metadata),
    created: unixNow(),
  });
  ctx.store.refunds.set(refund.id, refund);

  const previousAttributes: Record<string, unknown> = { amount_refunded: charge.amount_refunded };
  charge.amount_refunded += amount;
  if (charge.amount_refunded === charge.amount) {
    previousAttributes.refunded = false;
    charge.refunded = true;
  }
  charge.refunds?.data.unshift(refund);
  ctx.log(`refunded ${amount} of ${charge.id} (${charge.amount_refunded}/${charge.amount})`);
  ctx.webhooks.emit('charge.refunded', charge, { previousAttributes, request });
  return refund;
}

export function createDispute(
  ctx: EmulatorContext,
  chargeId: string,
  options: { amount?: number; reason?: string },
): Dispute {
  const charge = ctx.store.charges.get(chargeId);
  if (!charge) throw resourceMissing('charge', chargeId, 'charge', 'path');
  if (charge.payment_method_details?.type !== 'card') {
    throw invalidRequest('Only card payments can be disputed.', { param: 'charge' });
  }
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} has already been disputed.`, { param: 'charge' });
  const amount = options.amount ?? charge.amount;
  if (amount > charge.amount) {
    throw invalidRequest(`The dispute amount (${amount}) is greater than the charge amount (${charge.amount}).`, {
      param: 'amount',
    });
  }
  const dispute = buildDispute({ charge, amount, reason: options.reason ?? 'fraudulent', created: unixNow() });
  ctx.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  ctx.log(`disputed ${amount} of ${charge.id} as ${dispute.id}`);
  ctx.webhooks.emit('charge.dispute.created', dispute);
  return dispute;
}

export function closeDispute(ctx: EmulatorContext, disputeId: string, status: 'won' | 'lost'): Dispute {
  const dispute = ctx.store.disputes.get(disputeId);
  if (!dispute) throw resourceMissing('dispute', disputeId, 'dispute', 'path');
  if (dispute.status === 'won' || dispute.status === 'lost') {
    throw invalidRequest(`Dispute ${dispute.id} is already closed (${dispute.status}).`, { param: 'dispute' });
  }
  const previousStatus = dispute.status;
  dispute.status = status;
  ctx.log(`dispute ${dispute.id} ${status}`);
  ctx.webhooks.emit('charge.dispute.closed', dispute, { previousAttributes: { status: previousStatus } });
  return dispute;
}
