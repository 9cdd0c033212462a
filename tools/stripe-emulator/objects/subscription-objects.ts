// Builders for subscriptions, their items, invoices (with one line per period) and invoice payments, shaped like the pinned API version.
import type Stripe from 'stripe';
import { formatAmount } from '../core/money';
import type { Price } from './billing-objects';
import { newId } from './objects';

export type Subscription = Stripe.Subscription;
export type SubscriptionItem = Stripe.SubscriptionItem;
/** Stripe still sends the legacy top-level `subscription` (the fixture lists it); the SDK's type no longer does. */
export type Invoice = Stripe.Invoice & { subscription: string | null };
export type InvoicePayment = Stripe.InvoicePayment;

/** The legacy `plan` Stripe still puts on each subscription item, mirroring its price. */
function planOf(price: Price): Stripe.Plan {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: null,
    product: price.product as string,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  };
}

export function buildSubscriptionItem(input: {
  subscription: string;
  price: Price;
  periodStart: number;
  periodEnd: number;
  created: number;
}): SubscriptionItem {
  return {
    id: newId('si_', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: input.created,
    current_period_end: input.periodEnd,
    current_period_start: input.periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(input.price),
    price: input.price,
    quantity: 1,
    subscription: input.subscription,
    tax_rates: [],
  };
}

/** Points an item at another price (a plan switch), keeping its id and period. */
export function switchItemPrice(item: SubscriptionItem, price: Price): void {
  item.price = price;
  item.plan = planOf(price);
}

export interface SubscriptionInput {
  customer: string;
  price: Price;
  metadata: Record<string, string>;
  defaultPaymentMethod: string | null;
  testClock: string | null;
  start: number;
  periodEnd: number;
}

export function buildSubscription(input: SubscriptionInput): Subscription {
  const id = newId('sub_');
  const item = buildSubscriptionItem({
    subscription: id,
    price: input.price,
    periodStart: input.start,
    periodEnd: input.periodEnd,
    created: input.start,
  });
  return {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.start,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' } as unknown as Stripe.Subscription.BillingMode,
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: null,
    } as Stripe.Subscription.CancellationDetails,
    collection_method: 'charge_automatically',
    created: input.start,
    currency: input.price.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: { object: 'list', data: [item], has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: input.start,
    status: 'active',
    test_clock: input.testClock,
    transfer_data: null,
    trial_end: null,
    trial_settings: {
      end_behavior: { missing_payment_method: 'create_invoice' },
    } as Stripe.Subscription.TrialSettings,
    trial_start: null,
  };
}

export interface InvoiceInput {
  subscription: Subscription;
  customer: Stripe.Customer;
  billingReason: 'subscription_create' | 'subscription_cycle';
  /** The service period the line grants (the new period). */
  linePeriod: { start: number; end: number };
  /** `period_start/end` as Stripe sets them: the period just ended for a renewal, the creation instant at first. */
  period: { start: number; end: number };
  number: string;
  created: number;
  baseUrl: string;
  /** The product's name, for the line's description. */
  productName: string;
}

export function buildInvoice(input: InvoiceInput): Invoice {
  const id = newId('in_');
  const { subscription, customer } = input;
  const item = subscription.items.data[0]!;
  const price = item.price;
  const amount = price.unit_amount ?? 0;
  const productId = typeof price.product === 'string' ? price.product : price.product.id;
  const interval = price.recurring?.interval ?? 'month';
  const line: Stripe.InvoiceLineItem = {
    id: newId('il_'),
    object: 'line_item',
    amount,
    currency: price.currency,
    description: `1 × ${input.productName} (at ${formatAmount(amount, price.currency)} / ${interval})`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: id,
    livemode: false,
    metadata: { ...subscription.metadata },
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: subscription.id,
        subscription_item: item.id,
      },
    },
    period: { ...input.linePeriod },
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: price.id, product: productId },
      unit_amount_decimal: String(amount),
    } as unknown as Stripe.InvoiceLineItem.Pricing,
    quantity: 1,
    quantity_decimal: null,
    subscription: subscription.id,
    subtotal: amount,
    taxes: [],
  };
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Creditcast (test mode)',
    account_tax_ids: null,
    amount_due: amount,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amount,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: 'charge_automatically',
    created: input.created,
    currency: price.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `${input.baseUrl}/i/${id}`,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [line], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: input.number,
    on_behalf_of: null,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.period.end,
    period_start: input.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subscription: subscription.id,
    subtotal: amount,
    subtotal_excluding_tax: amount,
    test_clock: customer.test_clock ?? null,
    total: amount,
    total_discount_amounts: [],
    total_excluding_tax: amount,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

export function buildInvoicePayment(invoice: Invoice, paymentIntent: string, created: number): InvoicePayment {
  return {
    id: newId('inpay_'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_due,
    created,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: paymentIntent },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
}
