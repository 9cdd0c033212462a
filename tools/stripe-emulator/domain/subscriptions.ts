// Subscriptions: starting one from a paid Checkout, renewing a period (paid or failed), cancel at period end, plan switches and cancelling.
import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import type { Customer, Price } from '../objects/billing-objects';
import { type EventRequest, NO_REQUEST, unixNow } from '../objects/objects';
import { buildSubscription, type Invoice, type Subscription, switchItemPrice } from '../objects/subscription-objects';
import type { UpdateSubscriptionParams } from '../params/billing-params';
import { mergeMetadata } from '../params/form-values';
import type { EmulatorContext } from '../runtime/context';
import { customerNow, priceFromPriceData, requirePrice } from './catalog';
import { chargeInvoice, type EventScope, openInvoice } from './invoices';

const DAY = 24 * 60 * 60;

function addMonths(ts: number, months: number): number {
  const date = new Date(ts * 1000);
  const day = date.getUTCDate();
  const target = new Date(
    Date.UTC(
      date.getUTCFullYear(),
      date.getUTCMonth() + months,
      1,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    ),
  );
  // Jan 31 + 1 month is Feb 28 (or 29), as Stripe bills a month-end anchor.
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

/** `anchor` plus `count` of the price's intervals. */
export function addIntervals(anchor: number, price: Price, count: number): number {
  const interval = price.recurring?.interval ?? 'month';
  const n = count * (price.recurring?.interval_count ?? 1);
  if (interval === 'day') return anchor + n * DAY;
  if (interval === 'week') return anchor + n * 7 * DAY;
  return addMonths(anchor, interval === 'year' ? 12 * n : n);
}

/** The first period boundary after `after`, counted from the billing cycle anchor (no drift across short months). */
export function nextPeriodEnd(anchor: number, price: Price, after: number): number {
  for (let n = 1; ; n++) {
    const end = addIntervals(anchor, price, n);
    if (end > after) return end;
  }
}

export function requireSubscription(ctx: EmulatorContext, id: string, where: 'path' | 'param' = 'path'): Subscription {
  const subscription = ctx.store.subscriptions.get(id);
  if (!subscription) throw resourceMissing('subscription', id, where === 'path' ? 'id' : 'subscription', where);
  return subscription;
}

function customerOf(ctx: EmulatorContext, subscription: Subscription): Customer {
  const customer = ctx.store.customers.get(subscription.customer as string);
  if (!customer) throw resourceMissing('customer', String(subscription.customer), 'customer', 'param');
  return customer;
}

/**
 * Starts the subscription a paid subscription-mode Checkout buys and pays its first invoice:
 * `customer.subscription.created`, `invoice.created`, `invoice.finalized`, `invoice.paid`,
 * `invoice.payment_succeeded`, `invoice_payment.paid` (the caller then emits the session's completion).
 */
export function startSubscription(
  ctx: EmulatorContext,
  input: { customer: Customer; price: Price; metadata: Record<string, string>; paymentMethod: string },
  scope: EventScope,
): { subscription: Subscription; invoice: Invoice } {
  const start = customerNow(ctx, input.customer);
  const subscription = buildSubscription({
    customer: input.customer.id,
    price: input.price,
    metadata: input.metadata,
    defaultPaymentMethod: input.paymentMethod,
    testClock: (input.customer.test_clock as string | null) ?? null,
    start,
    periodEnd: nextPeriodEnd(start, input.price, start),
  });
  ctx.store.subscriptions.set(subscription.id, subscription);
  const item = subscription.items.data[0]!;
  const invoice = openInvoiceFor(
    ctx,
    subscription,
    input.customer,
    'subscription_create',
    start,
    scope,
    {
      line: { start, end: item.current_period_end },
      period: { start, end: start },
    },
    () => ctx.webhooks.emit('customer.subscription.created', subscription, scope),
  );
  chargeInvoice(ctx, invoice, { firstPayment: true, scope });
  ctx.log(`started ${subscription.id} for ${input.customer.id}`);
  return { subscription, invoice };
}

function openInvoiceFor(
  ctx: EmulatorContext,
  subscription: Subscription,
  customer: Customer,
  reason: 'subscription_create' | 'subscription_cycle',
  created: number,
  scope: EventScope,
  periods: { line: { start: number; end: number }; period: { start: number; end: number } },
  announce: () => void = () => {},
): Invoice {
  return openInvoice(
    ctx,
    { subscription, customer, billingReason: reason, linePeriod: periods.line, period: periods.period, created },
    scope,
    (invoice) => {
      subscription.latest_invoice = invoice.id;
      announce();
    },
  );
}

/**
 * Ends the current period: a subscription set to cancel at period end is deleted (no invoice);
 * otherwise the next period starts, its invoice is charged and `customer.subscription.updated` tells
 * the new period (and `past_due` when the payment failed).
 */
export function renewSubscription(ctx: EmulatorContext, id: string, options: { fail?: boolean } = {}): Subscription {
  const subscription = requireSubscription(ctx, id);
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw invalidRequest(`Subscription ${id} is ${subscription.status}: it does not renew.`, { param: 'subscription' });
  }
  const customer = customerOf(ctx, subscription);
  const item = subscription.items.data[0]!;
  const periodEnd = item.current_period_end;
  if (subscription.cancel_at_period_end) {
    endSubscription(ctx, subscription, periodEnd, 'cancellation_requested', NO_REQUEST);
    return subscription;
  }
  const before = { item: structuredClone(item), latest: subscription.latest_invoice, status: subscription.status };
  const newEnd = nextPeriodEnd(subscription.billing_cycle_anchor, item.price, periodEnd);
  const oldPeriod = { start: item.current_period_start, end: periodEnd };
  item.current_period_start = periodEnd;
  item.current_period_end = newEnd;
  // With a test clock the invoice is dated at the boundary; without one (the renew control) it is dated now.
  const created = customer.test_clock ? periodEnd : unixNow();
  const scope: EventScope = {};
  const invoice = openInvoiceFor(ctx, subscription, customer, 'subscription_cycle', created, scope, {
    line: { start: periodEnd, end: newEnd },
    period: oldPeriod,
  });
  const outcome = chargeInvoice(ctx, invoice, { fail: options.fail, scope, at: created });
  if (outcome.paid && subscription.status === 'past_due') subscription.status = 'active';
  if (!outcome.paid) subscription.status = 'past_due';
  const previousAttributes: Record<string, unknown> = {
    items: { ...subscription.items, data: [before.item] },
    latest_invoice: before.latest,
  };
  if (subscription.status !== before.status) previousAttributes.status = before.status;
  ctx.store.subscriptions.touch(subscription.id);
  ctx.log(
    `renewed ${subscription.id} to ${new Date(newEnd * 1000).toISOString()} (${outcome.paid ? 'paid' : 'failed'})`,
  );
  ctx.webhooks.emit('customer.subscription.updated', subscription, { previousAttributes });
  return subscription;
}

function endSubscription(
  ctx: EmulatorContext,
  subscription: Subscription,
  at: number,
  reason: Stripe.Subscription.CancellationDetails.Reason,
  request: EventRequest,
): void {
  subscription.status = 'canceled';
  subscription.ended_at = at;
  subscription.canceled_at ??= at;
  if (subscription.cancellation_details) subscription.cancellation_details.reason = reason;
  ctx.store.subscriptions.touch(subscription.id);
  ctx.log(`canceled ${subscription.id}`);
  ctx.webhooks.emit('customer.subscription.deleted', subscription, { request });
}

/** `DELETE /v1/subscriptions/{id}`: cancels at once (`customer.subscription.deleted`). */
export function cancelSubscription(ctx: EmulatorContext, id: string, request: EventRequest): Subscription {
  const subscription = requireSubscription(ctx, id);
  if (subscription.status === 'canceled') {
    throw invalidRequest(`This subscription has already been canceled.`, { code: 'resource_missing' });
  }
  const now = customerNow(ctx, customerOf(ctx, subscription));
  subscription.canceled_at = now;
  endSubscription(ctx, subscription, now, 'cancellation_requested', request);
  return subscription;
}

/**
 * `POST /v1/subscriptions/{id}`: cancel at period end (or resume), switch the item's price (no
 * proration: the period keeps what it was granted) and metadata. One `customer.subscription.updated`
 * naming what changed; none when nothing did.
 */
export function updateSubscription(
  ctx: EmulatorContext,
  id: string,
  params: UpdateSubscriptionParams,
  request: EventRequest,
): Subscription {
  const subscription = requireSubscription(ctx, id);
  if (subscription.status === 'canceled' && (params.items !== undefined || params.cancel_at_period_end !== undefined)) {
    throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
  const previous: Record<string, unknown> = {};
  const item = subscription.items.data[0]!;
  const now = customerNow(ctx, customerOf(ctx, subscription));
  if (params.cancel_at_period_end !== undefined && params.cancel_at_period_end !== subscription.cancel_at_period_end) {
    Object.assign(previous, {
      cancel_at_period_end: subscription.cancel_at_period_end,
      cancel_at: subscription.cancel_at,
      canceled_at: subscription.canceled_at,
    });
    subscription.cancel_at_period_end = params.cancel_at_period_end;
    subscription.cancel_at = params.cancel_at_period_end ? item.current_period_end : null;
    subscription.canceled_at = params.cancel_at_period_end ? now : null;
  }
  const itemParams = params.items?.[0];
  if (itemParams) {
    if (itemParams.id !== undefined && itemParams.id !== item.id) {
      throw invalidRequest(`Subscription item ${itemParams.id} does not belong to subscription ${id}.`, {
        param: 'items[0][id]',
      });
    }
    const price =
      itemParams.price !== undefined
        ? requirePrice(ctx, itemParams.price, 'items[0][price]')
        : itemParams.price_data !== undefined
          ? priceFromPriceData(ctx, itemParams.price_data, 'items[0][price_data]')
          : undefined;
    if (price && !price.recurring) {
      throw invalidRequest(
        'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
        {
          param: 'items[0][price]',
        },
      );
    }
    if (price && price.id !== item.price.id) {
      previous.items = { ...subscription.items, data: [structuredClone(item)] };
      switchItemPrice(item, price);
    }
  }
  if (params.metadata !== undefined) {
    previous.metadata = { ...subscription.metadata };
    subscription.metadata = mergeMetadata(subscription.metadata, params.metadata);
  }
  ctx.store.subscriptions.touch(subscription.id);
  if (Object.keys(previous).length > 0) {
    ctx.webhooks.emit('customer.subscription.updated', subscription, { previousAttributes: previous, request });
  }
  return subscription;
}
