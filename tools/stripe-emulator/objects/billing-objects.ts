// Builders for the billing catalogue's objects (customer, product, price, payment method, test clock, portal session and configuration), every fixture field included.
import type Stripe from 'stripe';
import { newId } from './objects';

export type Customer = Stripe.Customer;
export type Product = Stripe.Product;
export type Price = Stripe.Price;
export type PaymentMethod = Stripe.PaymentMethod;
export type TestClock = Stripe.TestHelpers.TestClock;
export type PortalSession = Stripe.BillingPortal.Session;
export type PortalConfiguration = Stripe.BillingPortal.Configuration;

/**
 * Stripe sends decimals as strings; the SDK's Decimal holds a BigInt that structuredClone (events)
 * and JSON cannot carry, so the stored object keeps the wire form.
 */
export function decimalString(value: number): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal;
}

const EMPTY_ADDRESS: Stripe.Address = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

export interface CustomerInput {
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  preferredLocales: string[];
  testClock: string | null;
  created: number;
}

export function buildCustomer(input: CustomerInput): Customer {
  return {
    id: newId('cus_', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: input.created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: input.email,
    invoice_prefix: newId('', 8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: input.metadata,
    name: input.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: input.preferredLocales,
    shipping: null,
    tax_exempt: 'none',
    test_clock: input.testClock,
  };
}

export interface ProductInput {
  id?: string;
  name: string;
  description: string | null;
  metadata: Record<string, string>;
  created: number;
}

export function buildProduct(input: ProductInput): Product {
  return {
    id: input.id ?? newId('prod_', 14),
    object: 'product',
    active: true,
    created: input.created,
    default_price: null,
    description: input.description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata,
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: input.created,
    url: null,
  };
}

export interface PriceInput {
  product: string;
  currency: string;
  unitAmount: number;
  recurring: { interval: Stripe.Price.Recurring.Interval; intervalCount: number } | null;
  created: number;
}

/** A price made from `price_data`: archived at once (`active: false`), as Stripe does for ad-hoc prices. */
export function buildPrice(input: PriceInput): Price {
  return {
    id: newId('price_'),
    object: 'price',
    active: false,
    billing_scheme: 'per_unit',
    created: input.created,
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: input.product,
    recurring: input.recurring && {
      interval: input.recurring.interval,
      interval_count: input.recurring.intervalCount,
      meter: null,
      trial_period_days: null,
      usage_type: 'licensed',
    },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: input.unitAmount,
    unit_amount_decimal: decimalString(input.unitAmount),
  };
}

export interface CardInput {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  email: string | null;
  name: string | null;
  customer: string | null;
  created: number;
}

export function buildCardPaymentMethod(input: CardInput): PaymentMethod {
  return {
    id: newId('pm_'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: { ...EMPTY_ADDRESS }, email: input.email, name: input.name, phone: null, tax_id: null },
    card: {
      brand: input.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: input.brand,
      exp_month: input.expMonth,
      exp_year: input.expYear,
      fingerprint: newId('', 16),
      funding: 'credit',
      generated_from: null,
      last4: input.last4,
      networks: { available: [input.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: input.created,
    customer: input.customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

const THIRTY_DAYS = 30 * 24 * 60 * 60;

export function buildTestClock(input: { frozenTime: number; name: string | null; created: number }): TestClock {
  return {
    id: newId('clock_'),
    object: 'test_helpers.test_clock',
    created: input.created,
    deletes_after: input.created + THIRTY_DAYS,
    frozen_time: input.frozenTime,
    livemode: false,
    name: input.name,
    status: 'ready',
    status_details: {},
  };
}

export interface PortalSessionInput {
  id: string;
  url: string;
  configuration: string;
  customer: string;
  returnUrl: string | null;
  locale: string | null;
  created: number;
}

export function buildPortalSession(input: PortalSessionInput): PortalSession {
  return {
    id: input.id,
    object: 'billing_portal.session',
    configuration: input.configuration,
    created: input.created,
    customer: input.customer,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: input.locale as Stripe.BillingPortal.Session.Locale | null,
    on_behalf_of: null,
    return_url: input.returnUrl,
    url: input.url,
  };
}

export interface PortalConfigurationInput {
  /** Products (with their allowed prices) a customer may switch to; null: every product with a recurring price. */
  products: Array<{ product: string; prices: string[] }> | null;
  defaultReturnUrl: string | null;
  isDefault: boolean;
  created: number;
}

export function buildPortalConfiguration(input: PortalConfigurationInput): PortalConfiguration {
  return {
    id: newId('bpc_'),
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null },
    created: input.created,
    default_return_url: input.defaultReturnUrl,
    features: {
      customer_update: { allowed_updates: [], enabled: false },
      invoice_history: { enabled: true },
      payment_method_update: { enabled: false, payment_method_configuration: null },
      subscription_cancel: {
        cancellation_reason: { enabled: false, options: [] },
        enabled: true,
        mode: 'at_period_end',
        proration_behavior: 'none',
      },
      subscription_update: {
        billing_cycle_anchor: null,
        default_allowed_updates: ['price'],
        enabled: true,
        products: input.products?.map((entry) => ({ ...entry, adjustable_quantity: null })) ?? null,
        proration_behavior: 'none',
        schedule_at_period_end: { conditions: [] },
        trial_update_behavior: 'continue_trial',
      },
    } as unknown as Stripe.BillingPortal.Configuration.Features,
    is_default: input.isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: {},
    name: null,
    updated: input.created,
  };
}
