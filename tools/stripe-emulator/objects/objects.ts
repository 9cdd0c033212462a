// Builders for the Stripe objects the emulator serves, each carrying every top-level field of Stripe's own example.
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

// Typed with the SDK's own definitions, so a field Stripe's types require cannot be forgotten here.
export type CheckoutSession = Stripe.Checkout.Session;
export type LineItem = Stripe.LineItem;
export type PaymentIntent = Stripe.PaymentIntent;
export type Charge = Stripe.Charge;
export type Refund = Stripe.Refund;
export type Dispute = Stripe.Dispute;

/** The API version the installed SDK speaks; events claim it so the SDK reads them without surprise. */
export const API_VERSION: string = Stripe.API_VERSION;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id shaped like Stripe's: a prefix and `length` letters and digits. */
export function newId(prefix: string, length = 24): string {
  let body = '';
  while (body.length < length) {
    // 248 is the largest multiple of 62 below 256: skipping bytes above it keeps every character equally likely.
    for (const byte of randomBytes(length)) if (byte < 248 && body.length < length) body += ALPHABET[byte % 62];
  }
  return `${prefix}${body}`;
}

/** `cs_test_a1` and 58 more characters, as long as the ids Stripe gives Checkout Sessions. */
export function checkoutSessionId(): string {
  return newId('cs_test_a1', 58);
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

const EMPTY_ADDRESS: Stripe.Address = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

export interface LineItemInput {
  /** The product's name, shown as the line's description. */
  name: string;
  /** The price the line was made from (recorded by the catalogue: ad-hoc `price_data` prices included). */
  price: Stripe.Price;
  quantity: number;
}

export function buildLineItem(input: LineItemInput): LineItem {
  const total = (input.price.unit_amount ?? 0) * input.quantity;
  return {
    id: newId('li_'),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: total,
    amount_tax: 0,
    amount_total: total,
    currency: input.price.currency,
    description: input.name,
    metadata: {},
    price: input.price,
    quantity: input.quantity,
  };
}

export interface CheckoutSessionInput {
  id: string;
  url: string;
  created: number;
  expiresAt: number;
  currency: string;
  amountTotal: number;
  successUrl: string;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  customerEmail: string | null;
  locale: string | null;
  metadata: Record<string, string>;
  paymentMethodTypes: string[];
  mode: 'payment' | 'subscription' | 'setup';
  customer: string | null;
}

export function customerDetails(email: string | null, name: string | null): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: { ...EMPTY_ADDRESS },
    business_name: null,
    email,
    individual_name: null,
    name,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
}

export function buildCheckoutSession(input: CheckoutSessionInput): CheckoutSession {
  return {
    id: input.id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: input.amountTotal,
    amount_total: input.amountTotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: input.created,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.mode === 'subscription' ? null : 'if_required',
    // Stripe fills customer_details before payment only from a prefilled email.
    customer_details: input.customerEmail ? customerDetails(input.customerEmail, null) : null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: {
      enabled: false,
      invoice_data: {
        account_tax_ids: null,
        custom_fields: null,
        description: null,
        footer: null,
        issuer: null,
        metadata: {},
        rendering_options: null,
      },
    },
    livemode: false,
    locale: input.locale as Stripe.Checkout.Session.Locale | null,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === 'subscription' ? 'always' : 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: input.paymentMethodTypes,
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: input.url,
    wallet_options: null,
  };
}

/** What the customer paid with, as the charge and the dispute describe it. */
export type PaymentMethodDetails =
  | { type: 'card'; brand: string; last4: string; expMonth: number; expYear: number; funding: string }
  | { type: 'customer_balance' };

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  created: number;
  metadata: Record<string, string>;
  description: string | null;
  receiptEmail: string | null;
  paymentMethodId: string;
  method: PaymentMethodDetails;
  status: Stripe.PaymentIntent.Status;
}

export function buildPaymentIntent(input: PaymentIntentInput): PaymentIntent {
  const id = newId('pi_');
  const succeeded = input.status === 'succeeded';
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: succeeded ? input.amount : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${newId('', 25)}`,
    confirmation_method: 'automatic',
    created: input.created,
    currency: input.currency,
    customer: null,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethodId,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: [input.method.type],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: input.status,
    transfer_data: null,
    transfer_group: null,
  };
}

function chargePaymentMethodDetails(method: PaymentMethodDetails): Stripe.Charge.PaymentMethodDetails {
  if (method.type === 'customer_balance') return { type: 'customer_balance', customer_balance: {} };
  return {
    type: 'card',
    card: {
      amount_authorized: null,
      authorization_code: null,
      brand: method.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      electronic_commerce_indicator: null,
      exp_month: method.expMonth,
      exp_year: method.expYear,
      fingerprint: newId('', 16),
      funding: method.funding,
      installments: null,
      last4: method.last4,
      mandate: null,
      network: method.brand,
      network_transaction_id: newId('', 15),
      regulated_status: 'unregulated',
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
  };
}

export interface ChargeInput {
  paymentIntent: PaymentIntent;
  billingEmail: string | null;
  billingName: string | null;
  method: PaymentMethodDetails;
  created: number;
}

/** A successful, captured charge for the whole of the payment intent. */
export function buildCharge(input: ChargeInput): Charge {
  const id = newId('ch_');
  const { paymentIntent } = input;
  return {
    id,
    object: 'charge',
    amount: paymentIntent.amount,
    amount_captured: paymentIntent.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: newId('txn_'),
    billing_details: {
      address: { ...EMPTY_ADDRESS },
      email: input.billingEmail,
      name: input.billingName,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: 'CREDITCAST',
    captured: true,
    created: input.created,
    currency: paymentIntent.currency,
    customer: null,
    description: paymentIntent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: { ...paymentIntent.metadata },
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 20,
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    paid: true,
    payment_intent: paymentIntent.id,
    payment_method: typeof paymentIntent.payment_method === 'string' ? paymentIntent.payment_method : null,
    payment_method_details: chargePaymentMethodDetails(input.method),
    receipt_email: paymentIntent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}

export interface RefundInput {
  charge: Charge;
  amount: number;
  reason: Stripe.Refund.Reason | null;
  metadata: Record<string, string>;
  created: number;
}

export function buildRefund(input: RefundInput): Refund {
  const { charge } = input;
  const destination: Stripe.Refund.DestinationDetails =
    charge.payment_method_details?.type === 'card'
      ? {
          type: 'card',
          card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
        }
      : { type: 'customer_cash_balance', customer_cash_balance: {} };
  return {
    id: newId('re_'),
    object: 'refund',
    amount: input.amount,
    balance_transaction: newId('txn_'),
    charge: charge.id,
    created: input.created,
    currency: charge.currency,
    customer: null,
    customer_account: null,
    destination_details: destination,
    metadata: input.metadata,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method: typeof charge.payment_method === 'string' ? charge.payment_method : null,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

export interface DisputeInput {
  charge: Charge;
  amount: number;
  reason: string;
  created: number;
}

const SEVEN_DAYS = 7 * 24 * 60 * 60;

export function buildDispute(input: DisputeInput): Dispute {
  const { charge } = input;
  const card = charge.payment_method_details?.card;
  return {
    id: newId('dp_'),
    object: 'dispute',
    amount: input.amount,
    balance_transactions: [],
    charge: charge.id,
    created: input.created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: {
      access_activity_log: null,
      billing_address: null,
      cancellation_policy: null,
      cancellation_policy_disclosure: null,
      cancellation_rebuttal: null,
      customer_communication: null,
      customer_email_address: charge.billing_details.email,
      customer_name: charge.billing_details.name,
      customer_purchase_ip: null,
      customer_signature: null,
      duplicate_charge_documentation: null,
      duplicate_charge_explanation: null,
      duplicate_charge_id: null,
      enhanced_evidence: {},
      product_description: null,
      receipt: null,
      refund_policy: null,
      refund_policy_disclosure: null,
      refund_refusal_explanation: null,
      service_date: null,
      service_documentation: null,
      shipping_address: null,
      shipping_carrier: null,
      shipping_date: null,
      shipping_documentation: null,
      shipping_tracking_number: null,
      uncategorized_file: null,
      uncategorized_text: null,
    },
    evidence_details: {
      due_by: input.created + SEVEN_DAYS,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: {
      type: 'card',
      card: {
        brand: card?.brand ?? 'visa',
        case_type: 'chargeback',
        network: card?.network ?? 'visa',
        network_reason_code: '10.4',
      },
    },
    reason: input.reason,
    status: 'needs_response',
  };
}

/** An event as Stripe sends it; `data.object` is a snapshot taken when the event happened. */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** The API request an event came from; both null when the customer (or time) caused it. */
export interface EventRequest {
  id: string | null;
  idempotencyKey: string | null;
}

export const NO_REQUEST: EventRequest = { id: null, idempotencyKey: null };

export interface EventInput {
  type: string;
  object: unknown;
  previousAttributes?: Record<string, unknown>;
  request: EventRequest;
  pendingWebhooks: number;
}

export function buildEvent(input: EventInput): StripeEvent {
  const data: StripeEvent['data'] = { object: structuredClone(input.object) };
  if (input.previousAttributes) data.previous_attributes = input.previousAttributes;
  return {
    id: newId('evt_'),
    object: 'event',
    api_version: API_VERSION,
    created: unixNow(),
    data,
    livemode: false,
    pending_webhooks: input.pendingWebhooks,
    request: { id: input.request.id, idempotency_key: input.request.idempotencyKey },
    type: input.type,
  };
}
