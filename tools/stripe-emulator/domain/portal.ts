// Billing portal sessions and configurations, and what a portal offers: the plans a customer may switch to.

import { resourceMissing } from '../core/stripe-errors';
import {
  buildPortalConfiguration,
  buildPortalSession,
  type PortalConfiguration,
  type PortalSession,
  type Price,
  type Product,
} from '../objects/billing-objects';
import { newId, unixNow } from '../objects/objects';
import type { CreatePortalSessionParams } from '../params/billing-params';
import { type MetadataParam, mergeMetadata } from '../params/form-values';
import type { EmulatorContext } from '../runtime/context';
import { requireCustomer } from './catalog';

export function createPortalConfiguration(
  ctx: EmulatorContext,
  params: {
    default_return_url?: string;
    metadata?: MetadataParam;
    features?: { subscription_update?: { products?: Array<{ product: string; prices?: string[] }> } };
  },
): PortalConfiguration {
  const products = params.features?.subscription_update?.products;
  for (const [index, entry] of (products ?? []).entries()) {
    if (!ctx.store.products.has(entry.product)) {
      throw resourceMissing(
        'product',
        entry.product,
        `features[subscription_update][products][${index}][product]`,
        'param',
      );
    }
  }
  const configuration = buildPortalConfiguration({
    products: products?.map((entry) => ({ product: entry.product, prices: entry.prices ?? [] })) ?? null,
    defaultReturnUrl: params.default_return_url ?? null,
    isDefault: false,
    created: unixNow(),
  });
  configuration.metadata = mergeMetadata(configuration.metadata ?? {}, params.metadata);
  ctx.store.portalConfigurations.set(configuration.id, configuration);
  return configuration;
}

/** The account's default configuration (made on first use): every product with a recurring price. */
function defaultConfiguration(ctx: EmulatorContext): PortalConfiguration {
  for (const configuration of ctx.store.portalConfigurations.values())
    if (configuration.is_default) return configuration;
  const configuration = buildPortalConfiguration({
    products: null,
    defaultReturnUrl: null,
    isDefault: true,
    created: unixNow(),
  });
  ctx.store.portalConfigurations.set(configuration.id, configuration);
  return configuration;
}

export function createPortalSession(ctx: EmulatorContext, params: CreatePortalSessionParams): PortalSession {
  const customer = requireCustomer(ctx, params.customer);
  let configuration: PortalConfiguration;
  if (params.configuration !== undefined) {
    const found = ctx.store.portalConfigurations.get(params.configuration);
    if (!found) throw resourceMissing('billing_portal.configuration', params.configuration, 'configuration', 'param');
    configuration = found;
  } else {
    configuration = defaultConfiguration(ctx);
  }
  const id = newId('bps_');
  const session = buildPortalSession({
    id,
    url: `${ctx.baseUrl}/p/session/${id}`,
    configuration: configuration.id,
    customer: customer.id,
    returnUrl: params.return_url ?? configuration.default_return_url,
    locale: params.locale ?? null,
    created: unixNow(),
  });
  ctx.store.portalSessions.set(id, session);
  ctx.log(`portal session ${id} for ${customer.id}`);
  return session;
}

export interface PlanOption {
  product: Product;
  price: Price;
}

/**
 * The plans a portal offers: the configuration's products (with its first listed price that exists),
 * or every product that has a recurring price, each with its newest recurring price.
 */
export function portalPlans(ctx: EmulatorContext, configuration: PortalConfiguration): PlanOption[] {
  const newestRecurring = new Map<string, Price>();
  for (const price of ctx.store.prices.values()) {
    if (price.recurring && typeof price.product === 'string') newestRecurring.set(price.product, price);
  }
  const allowed = configuration.features.subscription_update.products;
  const options: PlanOption[] = [];
  if (allowed && allowed.length > 0) {
    for (const entry of allowed) {
      const product = ctx.store.products.get(entry.product);
      const listed = entry.prices.map((id) => ctx.store.prices.get(id)).find((price) => price?.recurring);
      const price = listed ?? newestRecurring.get(entry.product);
      if (product && price) options.push({ product, price });
    }
    return options;
  }
  for (const [productId, price] of newestRecurring) {
    const product = ctx.store.products.get(productId);
    if (product) options.push({ product, price });
  }
  return options;
}
