// Subscription invoices: creating and finalising one, and paying it (first payment, renewal, retry) with the customer's saved card.

import { cardError, invalidRequest, resourceMissing, type StripeApiError } from '../core/stripe-errors';
import type { Customer } from '../objects/billing-objects';
import {
  buildPaymentIntent,
  type EventRequest,
  type PaymentIntent,
  type PaymentMethodDetails,
} from '../objects/objects';
import {
  buildInvoice,
  buildInvoicePayment,
  type Invoice,
  type InvoiceInput,
  type Subscription,
} from '../objects/subscription-objects';
import type { EmulatorContext } from '../runtime/context';
import type { EmitOptions } from '../runtime/webhooks';
import { offSessionDecline } from './cards';
import { customerNow, nextInvoiceNumber, productName } from './catalog';
import { recordCharge } from './charges';

const RETRY_AFTER_S = 3 * 24 * 60 * 60;

/** Events about one subscription's invoices: held with their checkout session when that one's are. */
export type EventScope = Pick<EmitOptions, 'sessionId' | 'hold' | 'request'>;

/** Makes the invoice (draft), emits `invoice.created`, finalises it (open) and emits `invoice.finalized`. */
export function openInvoice(
  ctx: EmulatorContext,
  input: Omit<InvoiceInput, 'number' | 'baseUrl' | 'productName'>,
  scope: EventScope,
  /** Runs once the invoice exists, before its first event (the subscription points at it, or is announced). */
  beforeEvents: (invoice: Invoice) => void = () => {},
): Invoice {
  const invoice = buildInvoice({
    ...input,
    number: nextInvoiceNumber(ctx, input.customer),
    baseUrl: ctx.baseUrl,
    productName: productName(ctx, input.subscription.items.data[0]!.price),
  });
  ctx.store.invoices.set(invoice.id, invoice);
  beforeEvents(invoice);
  ctx.webhooks.emit('invoice.created', invoice, scope);
  invoice.status = 'open';
  invoice.status_transitions.finalized_at = input.created;
  invoice.effective_at = input.created;
  ctx.webhooks.emit('invoice.finalized', invoice, scope);
  return invoice;
}

function savedCard(ctx: EmulatorContext, customer: Customer): { id: string; digits: string } | undefined {
  const id = customer.invoice_settings.default_payment_method;
  const record = typeof id === 'string' ? ctx.store.paymentMethods.get(id) : undefined;
  return record && { id: record.paymentMethod.id, digits: record.digits };
}

function invoicePaymentOf(ctx: EmulatorContext, invoice: Invoice) {
  for (const payment of ctx.store.invoicePayments.values()) {
    if (payment.invoice === invoice.id) return ctx.store.invoicePayments.get(payment.id)!;
  }
  return undefined;
}

export type PaymentOutcome = { paid: true } | { paid: false; error: StripeApiError };

/**
 * Charges an open invoice to the customer's saved card. The first payment (at Checkout) always goes
 * through; later ones fail for card 0341, a declining card, no card, or `fail`. One payment intent and
 * one invoice_payment per invoice, reused by retries, as Stripe does. Emits `invoice.paid`,
 * `invoice.payment_succeeded` and `invoice_payment.paid`, or `invoice.payment_failed`.
 */
export function chargeInvoice(
  ctx: EmulatorContext,
  invoice: Invoice,
  options: { firstPayment?: boolean; fail?: boolean; scope: EventScope; at?: number },
): PaymentOutcome {
  const customer = ctx.store.customers.get(invoice.customer as string);
  if (!customer) throw resourceMissing('customer', String(invoice.customer), 'customer', 'param');
  const now = options.at ?? customerNow(ctx, customer);
  const card = savedCard(ctx, customer);
  const details: PaymentMethodDetails = card
    ? cardDetails(ctx, card.id)
    : { type: 'card', brand: 'visa', last4: '0000', expMonth: 12, expYear: 2099, funding: 'credit' };
  const decline = options.firstPayment
    ? undefined
    : options.fail
      ? cardError('card_declined', 'Your card was declined.', 'generic_decline')
      : card
        ? offSessionDecline(card.digits)
        : invalidRequest('This customer has no attached payment source or default payment method.', {
            code: 'invoice_no_customer_line_items',
          });

  let invoicePayment = invoicePaymentOf(ctx, invoice);
  let paymentIntent: PaymentIntent | undefined;
  if (invoicePayment) {
    paymentIntent = ctx.store.paymentIntents.get(invoicePayment.payment.payment_intent as string);
  }
  if (!invoicePayment || !paymentIntent) {
    paymentIntent = buildPaymentIntent({
      amount: invoice.amount_due,
      currency: invoice.currency,
      created: now,
      metadata: {},
      description: invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
      receiptEmail: customer.email,
      paymentMethodId: card?.id ?? 'pm_none',
      method: details,
      status: 'requires_payment_method',
    });
    paymentIntent.customer = customer.id;
    ctx.store.paymentIntents.set(paymentIntent.id, paymentIntent);
    invoicePayment = buildInvoicePayment(invoice, paymentIntent.id, now);
    ctx.store.invoicePayments.set(invoicePayment.id, invoicePayment);
  }
  invoice.attempt_count += 1;
  invoice.attempted = true;

  if (decline) {
    paymentIntent.status = 'requires_payment_method';
    paymentIntent.last_payment_error = {
      type: 'card_error',
      code: decline.body.code,
      decline_code: decline.body.decline_code,
      message: decline.body.message,
    };
    invoice.next_payment_attempt = invoice.attempt_count < 4 ? now + RETRY_AFTER_S : null;
    ctx.log(`invoice ${invoice.id} payment failed (attempt ${invoice.attempt_count})`);
    ctx.webhooks.emit('invoice.payment_failed', invoice, options.scope);
    return { paid: false, error: decline };
  }

  paymentIntent.status = 'succeeded';
  paymentIntent.amount_received = paymentIntent.amount;
  paymentIntent.last_payment_error = null;
  recordCharge(ctx, paymentIntent, details, customer.email ?? '', customer.name ?? null, now);
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  invoicePayment.status = 'paid';
  invoicePayment.amount_paid = invoice.amount_due;
  invoicePayment.status_transitions.paid_at = now;
  ctx.log(`invoice ${invoice.id} paid (${invoice.amount_paid} ${invoice.currency})`);
  ctx.webhooks.emit('invoice.paid', invoice, options.scope);
  ctx.webhooks.emit('invoice.payment_succeeded', invoice, options.scope);
  ctx.webhooks.emit('invoice_payment.paid', invoicePayment, options.scope);
  return { paid: true };
}

function cardDetails(ctx: EmulatorContext, paymentMethodId: string): PaymentMethodDetails {
  const card = ctx.store.paymentMethods.get(paymentMethodId)?.paymentMethod.card;
  return {
    type: 'card',
    brand: card?.brand ?? 'visa',
    last4: card?.last4 ?? '0000',
    expMonth: card?.exp_month ?? 12,
    expYear: card?.exp_year ?? 2099,
    funding: card?.funding ?? 'credit',
  };
}

export function requireInvoice(ctx: EmulatorContext, id: string): Invoice {
  const invoice = ctx.store.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id, 'invoice', 'path');
  return invoice;
}

/**
 * `POST /v1/invoices/{id}/pay`: retries an open invoice. A decline answers 402 (after recording the
 * attempt and its `invoice.payment_failed`); success makes a past-due subscription active again.
 */
export function payInvoice(ctx: EmulatorContext, id: string, request: EventRequest): Invoice {
  const invoice = requireInvoice(ctx, id);
  if (invoice.status !== 'open') {
    throw invalidRequest(`Invoice is already ${invoice.status}.`, { code: 'invoice_not_open' });
  }
  const outcome = chargeInvoice(ctx, invoice, { scope: { request } });
  if (!outcome.paid) throw outcome.error;
  const subscription = ctx.store.subscriptions.get(invoice.subscription ?? '');
  if (subscription) reactivateAfterPayment(ctx, subscription, invoice, { request });
  return invoice;
}

/** A past-due subscription whose latest invoice is now paid becomes active (`customer.subscription.updated`). */
export function reactivateAfterPayment(
  ctx: EmulatorContext,
  subscription: Subscription,
  invoice: Invoice,
  scope: EventScope,
): void {
  if (subscription.status !== 'past_due' || subscription.latest_invoice !== invoice.id) return;
  subscription.status = 'active';
  ctx.webhooks.emit('customer.subscription.updated', subscription, {
    ...scope,
    previousAttributes: { status: 'past_due' },
  });
}
