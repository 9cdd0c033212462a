// PaymentIntents made through the API: created and confirmed (on or off session) on a saved card, as the auto top-up charges.

import { formatAmount } from '../core/money';
import { invalidRequest, resourceMissing, StripeApiError } from '../core/stripe-errors';
import type { PaymentMethod } from '../objects/billing-objects';
import { recordPaymentFailure } from '../objects/intent-objects';
import {
  buildPaymentIntent,
  type EventRequest,
  type PaymentIntent,
  type PaymentMethodDetails,
  unixNow,
} from '../objects/objects';
import { mergeMetadata } from '../params/form-values';
import type { ConfirmPaymentIntentParams, CreatePaymentIntentParams } from '../params/intent-params';
import type { EmulatorContext } from '../runtime/context';
import type { PaymentMethodRecord } from '../runtime/store';
import { AUTHENTICATION_CARD, offSessionDecline } from './cards';
import { requireCustomer } from './catalog';
import { recordCharge } from './charges';
import { detachedCard } from './saved-cards';

/** Stripe's smallest charge: 50 of the currency's minor unit (US$0.50, €0.50…). */
const MINIMUM_AMOUNT = 50;

const CONFIRMABLE: Array<PaymentIntent['status']> = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];

export function requirePaymentIntent(ctx: EmulatorContext, id: string): PaymentIntent {
  const paymentIntent = ctx.store.paymentIntents.get(id);
  if (!paymentIntent) throw resourceMissing('payment_intent', id, 'intent', 'path');
  return paymentIntent;
}

/** The saved card `id`, which must belong to `customer` (Stripe charges a saved card only with its customer). */
function usableCard(ctx: EmulatorContext, id: string, customer: string | null): PaymentMethodRecord {
  const record = ctx.store.paymentMethods.get(id);
  if (!record) throw resourceMissing('payment_method', id, 'payment_method', 'param');
  if (record.detached) throw detachedCard(id);
  const owner = record.paymentMethod.customer;
  if (owner !== null && owner !== customer) {
    throw invalidRequest(
      customer === null
        ? `The provided PaymentMethod (${id}) is attached to a Customer. To use it, pass that Customer's ID in the \`customer\` parameter.`
        : `The provided PaymentMethod (${id}) does not belong to the Customer (${customer}). Use a PaymentMethod attached to this Customer.`,
      { param: 'payment_method' },
    );
  }
  return record;
}

function cardDetails(paymentMethod: PaymentMethod): PaymentMethodDetails {
  const card = paymentMethod.card;
  if (!card) return NO_CARD_YET;
  const { brand, last4, exp_month: expMonth, exp_year: expYear, funding } = card;
  return { type: 'card', brand, last4, expMonth, expYear, funding };
}

/** Only `payment_method_types: ['card']` is read from it until a card is confirmed. */
const NO_CARD_YET: PaymentMethodDetails = {
  type: 'card',
  brand: 'unknown',
  last4: '0000',
  expMonth: 12,
  expYear: 2099,
  funding: 'credit',
};

export function createPaymentIntent(
  ctx: EmulatorContext,
  params: CreatePaymentIntentParams,
  request: EventRequest,
): PaymentIntent {
  if (params.amount < MINIMUM_AMOUNT) {
    throw invalidRequest(`Amount must be at least ${formatAmount(MINIMUM_AMOUNT, params.currency)}`, {
      code: 'amount_too_small',
      param: 'amount',
    });
  }
  const customer = params.customer === undefined ? null : requireCustomer(ctx, params.customer);
  if (params.off_session !== undefined && params.confirm !== true) {
    throw invalidRequest('You can only pass `off_session` when `confirm` is `true`.', { param: 'off_session' });
  }
  const card =
    params.payment_method === undefined ? undefined : usableCard(ctx, params.payment_method, customer?.id ?? null);
  const paymentIntent = buildPaymentIntent({
    amount: params.amount,
    currency: params.currency,
    created: unixNow(),
    metadata: mergeMetadata({}, params.metadata),
    description: params.description ?? null,
    receiptEmail: params.receipt_email ?? null,
    paymentMethodId: card?.paymentMethod.id ?? '',
    method: card ? cardDetails(card.paymentMethod) : NO_CARD_YET,
    status: card ? 'requires_confirmation' : 'requires_payment_method',
  });
  if (!card) paymentIntent.payment_method = null;
  paymentIntent.customer = customer?.id ?? null;
  paymentIntent.setup_future_usage = params.setup_future_usage ?? null;
  paymentIntent.capture_method = params.capture_method ?? 'automatic_async';
  paymentIntent.confirmation_method = params.confirmation_method ?? 'automatic';
  ctx.store.paymentIntents.set(paymentIntent.id, paymentIntent);
  ctx.log(`created ${paymentIntent.id} (${paymentIntent.amount} ${paymentIntent.currency})`);
  if (params.confirm !== true) return paymentIntent;
  return confirmPaymentIntent(ctx, paymentIntent.id, { off_session: params.off_session }, request);
}

/**
 * Confirms a PaymentIntent on its saved card. Success: `succeeded`, a charge (refundable and
 * disputable like a Checkout payment's) and `payment_intent.succeeded`. A decline: the intent goes
 * back to `requires_payment_method` with `last_payment_error`, `payment_intent.payment_failed` is
 * sent, and the call answers 402 carrying the intent, as Stripe does. Card 3184 wants 3-D Secure:
 * off-session that is the decline `authentication_required`; on-session the intent waits in
 * `requires_action` (the emulator has no 3-D Secure page; Checkout is where a customer passes it).
 */
export function confirmPaymentIntent(
  ctx: EmulatorContext,
  id: string,
  params: Pick<ConfirmPaymentIntentParams, 'payment_method' | 'off_session' | 'receipt_email'>,
  request: EventRequest,
): PaymentIntent {
  const paymentIntent = requirePaymentIntent(ctx, id);
  if (!CONFIRMABLE.includes(paymentIntent.status)) {
    throw invalidRequest(
      `You cannot confirm this PaymentIntent because it has a status of ${paymentIntent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${CONFIRMABLE.join(', ')}.`,
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const customer = typeof paymentIntent.customer === 'string' ? paymentIntent.customer : null;
  const cardId = params.payment_method ?? (paymentIntent.payment_method as string | null);
  if (!cardId) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: 'payment_intent_unexpected_state' },
    );
  }
  const card = usableCard(ctx, cardId, customer);
  if (params.receipt_email !== undefined) paymentIntent.receipt_email = params.receipt_email;
  paymentIntent.payment_method = card.paymentMethod.id;
  const offSession = params.off_session === true;

  if (!offSession && card.digits === AUTHENTICATION_CARD) {
    paymentIntent.status = 'requires_action';
    paymentIntent.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: {} };
    ctx.webhooks.emit('payment_intent.requires_action', paymentIntent, { request });
    return paymentIntent;
  }
  const decline = offSessionDecline(card.digits);
  if (decline) {
    recordPaymentFailure(paymentIntent, decline.body, card.paymentMethod);
    ctx.log(`${paymentIntent.id} failed: ${decline.body.code}`);
    ctx.webhooks.emit('payment_intent.payment_failed', paymentIntent, { request });
    throw new StripeApiError(402, {
      ...decline.body,
      payment_intent: structuredClone(paymentIntent),
      payment_method: card.paymentMethod,
    });
  }

  paymentIntent.status = 'succeeded';
  paymentIntent.amount_received = paymentIntent.amount;
  paymentIntent.last_payment_error = null;
  paymentIntent.next_action = null;
  const owner = customer === null ? undefined : ctx.store.customers.get(customer);
  const email = paymentIntent.receipt_email ?? owner?.email ?? card.paymentMethod.billing_details.email ?? '';
  const name = card.paymentMethod.billing_details.name ?? owner?.name ?? null;
  recordCharge(ctx, paymentIntent, cardDetails(card.paymentMethod), email, name, unixNow());
  ctx.log(`${paymentIntent.id} succeeded on …${card.paymentMethod.card?.last4}${offSession ? ' off-session' : ''}`);
  ctx.webhooks.emit('payment_intent.succeeded', paymentIntent, { request });
  return paymentIntent;
}
