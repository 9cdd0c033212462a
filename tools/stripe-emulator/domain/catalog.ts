// Customers, products and prices: creating and finding them, and the time a customer lives in (its test clock's, or now).
import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import {
  buildCustomer,
  buildPrice,
  buildProduct,
  type Customer,
  type Price,
  type Product,
} from '../objects/billing-objects';
import { unixNow } from '../objects/objects';
import type { CreateCustomerParams, CreateProductParams } from '../params/billing-params';
import { type MetadataParam, mergeMetadata } from '../params/form-values';
import type { EmulatorContext } from '../runtime/context';

export function createCustomer(ctx: EmulatorContext, params: CreateCustomerParams): Customer {
  if (params.test_clock !== undefined && !ctx.store.testClocks.has(params.test_clock)) {
    throw resourceMissing('test_helpers.test_clock', params.test_clock, 'test_clock', 'param');
  }
  const clock = params.test_clock === undefined ? undefined : ctx.store.testClocks.get(params.test_clock);
  const customer = buildCustomer({
    email: params.email ?? null,
    name: params.name ?? null,
    metadata: mergeMetadata({}, params.metadata),
    preferredLocales: params.preferred_locales ?? [],
    testClock: clock?.id ?? null,
    created: clock?.frozen_time ?? unixNow(),
  });
  if (params.description !== undefined) customer.description = params.description;
  ctx.store.customers.set(customer.id, customer);
  ctx.log(`created customer ${customer.id}${clock ? ` on ${clock.id}` : ''}`);
  return customer;
}

export function requireCustomer(
  ctx: EmulatorContext,
  id: string,
  param = 'customer',
  where: 'path' | 'param' = 'param',
) {
  const customer = ctx.store.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param, where);
  return customer;
}

/** The customer's "now": its test clock's frozen time, or the wall clock. */
export function customerNow(ctx: EmulatorContext, customer: Customer): number {
  const clockId = customer.test_clock;
  const clock = typeof clockId === 'string' ? ctx.store.testClocks.get(clockId) : undefined;
  return clock?.frozen_time ?? unixNow();
}

/** The next invoice number for the customer (`PREFIX-0001`, …), as Stripe numbers per customer. */
export function nextInvoiceNumber(ctx: EmulatorContext, customer: Customer): string {
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  ctx.store.customers.touch(customer.id);
  return `${customer.invoice_prefix}-${String(sequence).padStart(4, '0')}`;
}

export function createProduct(ctx: EmulatorContext, params: CreateProductParams): Product {
  if (params.id !== undefined && ctx.store.products.has(params.id)) {
    throw invalidRequest(`Product already exists.`, { code: 'resource_already_exists', param: 'id' });
  }
  const product = buildProduct({
    id: params.id,
    name: params.name,
    description: params.description ?? null,
    metadata: mergeMetadata({}, params.metadata),
    created: unixNow(),
  });
  if (params.active === false) product.active = false;
  ctx.store.products.set(product.id, product);
  return product;
}

export interface PriceDataInput {
  currency: string;
  unit_amount: number;
  product?: string;
  product_data?: { name: string; description?: string; metadata?: MetadataParam };
  recurring?: { interval: Stripe.Price.Recurring.Interval; interval_count?: number };
}

/** Records the ad-hoc price `price_data` describes (and the product `product_data` makes), as Stripe does. */
export function priceFromPriceData(ctx: EmulatorContext, data: PriceDataInput, param: string): Price {
  let productId: string;
  if (data.product !== undefined) {
    if (!ctx.store.products.has(data.product))
      throw resourceMissing('product', data.product, `${param}[product]`, 'param');
    productId = data.product;
  } else if (data.product_data !== undefined) {
    productId = createProduct(ctx, {
      name: data.product_data.name,
      description: data.product_data.description,
      metadata: data.product_data.metadata,
    }).id;
  } else {
    throw invalidRequest(`You must specify either \`product\` or \`product_data\` in ${param}.`, { param });
  }
  const price = buildPrice({
    product: productId,
    currency: data.currency,
    unitAmount: data.unit_amount,
    recurring: data.recurring
      ? { interval: data.recurring.interval, intervalCount: data.recurring.interval_count ?? 1 }
      : null,
    created: unixNow(),
  });
  ctx.store.prices.set(price.id, price);
  return price;
}

export function requirePrice(ctx: EmulatorContext, id: string, param: string): Price {
  const price = ctx.store.prices.get(id);
  if (!price) throw resourceMissing('price', id, param, 'param');
  return price;
}

/** The product's display name (its id when the emulator never saw it). */
export function productName(ctx: EmulatorContext, price: Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id;
  return ctx.store.products.get(id)?.name ?? id;
}
