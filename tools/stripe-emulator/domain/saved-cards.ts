// Saved cards: attaching one to a customer (setup, setup_future_usage, subscription Checkout), the invoice default, attach/detach, and the test card a saved card is charged as.
import { invalidRequest, resourceMissing, StripeApiError } from '../core/stripe-errors';
import { buildCardPaymentMethod, type Customer, type PaymentMethod } from '../objects/billing-objects';
import { type PaymentMethodDetails, unixNow } from '../objects/objects';
import type { EmulatorContext } from '../runtime/context';
import { cardDigits, checkCard } from './cards';
import { requireCustomer } from './catalog';

/** A card as the hosted page took it: the number (which decides how later charges go) and its details. */
export interface SavedCardInput {
  digits: string;
  method: Extract<PaymentMethodDetails, { type: 'card' }>;
  email: string | null;
  name: string | null;
}

/** Saves a card as a payment method attached to `customer` (unattached for none), as a SetupIntent or setup_future_usage does. */
export function attachCard(ctx: EmulatorContext, customer: Customer | null, card: SavedCardInput): PaymentMethod {
  const paymentMethod = buildCardPaymentMethod({
    brand: card.method.brand,
    last4: card.method.last4,
    expMonth: card.method.expMonth,
    expYear: card.method.expYear,
    email: card.email,
    name: card.name,
    customer: customer?.id ?? null,
    created: unixNow(),
  });
  ctx.store.paymentMethods.set(paymentMethod.id, { paymentMethod, digits: card.digits });
  return paymentMethod;
}

/** Saves a card on the customer and makes it the default for invoices (what Checkout in subscription mode does). */
export function saveCard(ctx: EmulatorContext, customer: Customer, card: SavedCardInput): string {
  const paymentMethod = attachCard(ctx, customer, card);
  customer.invoice_settings.default_payment_method = paymentMethod.id;
  ctx.store.customers.touch(customer.id);
  return paymentMethod.id;
}

/**
 * The control `POST /_emulator/customers/{id}/card`: the customer's default card becomes `card` (its
 * subscriptions too), so a retry or the next renewal is charged to it. Returns the new payment method.
 */
export function replaceCustomerCard(ctx: EmulatorContext, customerId: string, number: string): PaymentMethod {
  const customer = requireCustomer(ctx, customerId, 'customer', 'path');
  const method = checkCard({ card: number });
  if (method.type !== 'card') throw invalidRequest('Not a card.', { param: 'card' });
  const id = saveCard(ctx, customer, {
    digits: number.replace(/[\s-]/g, ''),
    method,
    email: customer.email,
    name: customer.name ?? null,
  });
  for (const subscription of ctx.store.subscriptions.values()) {
    if (subscription.customer !== customer.id) continue;
    subscription.default_payment_method = id;
    ctx.store.subscriptions.touch(subscription.id);
  }
  return ctx.store.paymentMethods.get(id)!.paymentMethod;
}

/**
 * The control `POST /_emulator/payment_methods/{id}/card`: the saved card keeps its brand, last4 and id
 * but is charged as the test card `number` from now on (e.g. 0002 to decline the next auto top-up, 3184
 * to want authentication), as a real card starts failing when it is blocked or its bank changes its mind.
 */
export function setCardBehaviour(ctx: EmulatorContext, paymentMethodId: string, number: string): PaymentMethod {
  const record = ctx.store.paymentMethods.get(paymentMethodId);
  if (!record) throw resourceMissing('payment_method', paymentMethodId, 'payment_method', 'path');
  try {
    record.digits = cardDigits(number);
  } catch (error) {
    if (error instanceof StripeApiError) throw invalidRequest(error.message, { param: 'card' });
    throw error;
  }
  ctx.log(`${paymentMethodId} now behaves as card …${record.digits.slice(-4)}`);
  return record.paymentMethod;
}

/** `POST /v1/payment_methods/{id}/attach`: an unattached card joins `customerId` (one attached elsewhere is refused). */
export function attachPaymentMethod(ctx: EmulatorContext, id: string, customerId: string): PaymentMethod {
  const record = ctx.store.paymentMethods.get(id);
  if (!record) throw resourceMissing('payment_method', id, 'payment_method', 'path');
  const customer = requireCustomer(ctx, customerId);
  if (record.detached) throw detachedCard(id);
  const owner = record.paymentMethod.customer;
  if (owner !== null && owner !== customer.id) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', {
      code: 'payment_method_unexpected_state',
    });
  }
  record.paymentMethod.customer = customer.id;
  return record.paymentMethod;
}

/**
 * `POST /v1/payment_methods/{id}/detach`: the card leaves its customer and can no longer be charged for
 * it; if it was the customer's invoice default, that is cleared, as Stripe does.
 */
export function detachPaymentMethod(ctx: EmulatorContext, id: string): PaymentMethod {
  const record = ctx.store.paymentMethods.get(id);
  if (!record) throw resourceMissing('payment_method', id, 'payment_method', 'path');
  const owner = record.paymentMethod.customer;
  if (typeof owner !== 'string') {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', {
      code: 'payment_method_unexpected_state',
    });
  }
  const customer = ctx.store.customers.get(owner);
  if (customer?.invoice_settings.default_payment_method === id) customer.invoice_settings.default_payment_method = null;
  record.paymentMethod.customer = null;
  record.detached = true;
  return record.paymentMethod;
}

/** Stripe's refusal of a card detached from its customer, for any later use. */
export function detachedCard(id: string): StripeApiError {
  return invalidRequest(
    `The provided PaymentMethod (${id}) was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.`,
    { param: 'payment_method' },
  );
}
