// The parameters of the billing endpoints (customers, products, subscriptions, invoices, test clocks, the portal) and their controls.
import * as z from 'zod';
import { SUBSCRIPTION_STATUSES } from '../../../worker/vocabulary/subscriptions';
import { email, expand, formArray, formBoolean, formInteger, metadata, url } from './form-values';
import { LOCALES, pagination, recurring } from './params';

export const createCustomerParams = z.strictObject({
  email: email.optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  metadata: metadata.optional(),
  preferred_locales: formArray(z.string()).optional(),
  test_clock: z.string().optional(),
  expand,
});
export type CreateCustomerParams = z.output<typeof createCustomerParams>;

export const updateCustomerParams = z.strictObject({
  email: email.optional(),
  name: z.string().optional(),
  metadata: metadata.optional(),
  preferred_locales: formArray(z.string()).optional(),
  // `default_payment_method=` (empty, what the SDKs send for null) clears it.
  invoice_settings: z.strictObject({ default_payment_method: z.string().optional() }).optional(),
  expand,
});

export const listCustomersParams = z.strictObject({
  ...pagination,
  email: z.string().optional(),
  test_clock: z.string().optional(),
});

export const createProductParams = z.strictObject({
  id: z.string().optional(),
  name: z.string().min(1, 'You must provide a product name.'),
  description: z.string().optional(),
  metadata: metadata.optional(),
  active: formBoolean.optional(),
  expand,
});
export type CreateProductParams = z.output<typeof createProductParams>;

export const createPriceParams = z.strictObject({
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, 'Invalid currency')
    .transform((value) => value.toLowerCase()),
  product: z.string().optional(),
  product_data: z.strictObject({ name: z.string(), metadata: metadata.optional() }).optional(),
  unit_amount: formInteger.refine((value) => value >= 0, 'This value must be greater than or equal to 0.'),
  recurring: recurring.optional(),
  nickname: z.string().optional(),
  lookup_key: z.string().optional(),
  metadata: metadata.optional(),
  expand,
});

/** `price_data` on a subscription item: an existing product, always recurring. */
export const itemPriceData = z.strictObject({
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, 'Invalid currency')
    .transform((value) => value.toLowerCase()),
  product: z.string(),
  unit_amount: formInteger.refine((value) => value >= 0, 'This value must be greater than or equal to 0.'),
  recurring,
  tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional(),
});
export type ItemPriceData = z.output<typeof itemPriceData>;

export const updateSubscriptionParams = z.strictObject({
  cancel_at_period_end: formBoolean.optional(),
  metadata: metadata.optional(),
  items: formArray(
    z.strictObject({
      id: z.string().optional(),
      price: z.string().optional(),
      price_data: itemPriceData.optional(),
      quantity: formInteger.optional(),
    }),
  ).optional(),
  // The emulator never prorates (the design keeps the granted period's allowance); accepted so Stripe-bound calls work.
  proration_behavior: z.enum(['always_invoice', 'create_prorations', 'none']).optional(),
  payment_behavior: z.string().optional(),
  expand,
});
export type UpdateSubscriptionParams = z.output<typeof updateSubscriptionParams>;

export const cancelSubscriptionParams = z.strictObject({
  invoice_now: formBoolean.optional(),
  prorate: formBoolean.optional(),
  cancellation_details: z.unknown().optional(),
  expand,
});

export const listSubscriptionsParams = z.strictObject({
  ...pagination,
  customer: z.string().optional(),
  status: z.enum([...SUBSCRIPTION_STATUSES, 'all', 'ended']).optional(),
  test_clock: z.string().optional(),
});

export const listInvoicesParams = z.strictObject({
  ...pagination,
  customer: z.string().optional(),
  subscription: z.string().optional(),
  status: z.enum(['draft', 'open', 'paid', 'uncollectible', 'void']).optional(),
});

export const listInvoicePaymentsParams = z.strictObject({
  ...pagination,
  invoice: z.string().optional(),
  payment: z.strictObject({ type: z.literal('payment_intent'), payment_intent: z.string().optional() }).optional(),
  status: z.enum(['canceled', 'open', 'paid']).optional(),
});

export const createTestClockParams = z.strictObject({ frozen_time: formInteger, name: z.string().optional(), expand });
export const advanceTestClockParams = z.strictObject({ frozen_time: formInteger, expand });

export const createPortalSessionParams = z.strictObject({
  customer: z.string(),
  return_url: url.optional(),
  locale: z.enum(LOCALES).optional(),
  configuration: z.string().optional(),
  flow_data: z.unknown().optional(),
  expand,
});
export type CreatePortalSessionParams = z.output<typeof createPortalSessionParams>;

export const createPortalConfigurationParams = z.strictObject({
  business_profile: z.unknown().optional(),
  default_return_url: url.optional(),
  metadata: metadata.optional(),
  features: z
    .object({
      subscription_update: z
        .object({
          enabled: formBoolean.optional(),
          products: formArray(
            z.strictObject({ product: z.string(), prices: formArray(z.string()).optional() }),
          ).optional(),
        })
        .passthrough()
        .optional(),
    })
    .passthrough()
    .optional(),
  expand,
});

export const renewParams = z.strictObject({ fail: z.boolean().optional() });
export const customerCardParams = z.strictObject({ card: z.string() });
