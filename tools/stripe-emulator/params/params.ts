// The parameters of the checkout, refund and event endpoints and of the controls, as zod schemas that fail with Stripe's wording.
import * as z from 'zod';
import { email, expand, formArray, formInteger, metadata, url } from './form-values';

// Checkout's locales (https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-locale).
export const LOCALES = [
  'auto',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'en-GB',
  'es',
  'es-419',
  'et',
  'fi',
  'fil',
  'fr',
  'fr-CA',
  'hr',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'lt',
  'lv',
  'ms',
  'mt',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sl',
  'sv',
  'th',
  'tr',
  'vi',
  'zh',
  'zh-HK',
  'zh-TW',
] as const;

export const recurring = z.strictObject({
  interval: z.enum(['day', 'week', 'month', 'year']),
  interval_count: formInteger.refine((value) => value >= 1, 'Invalid positive integer').optional(),
});

const lineItem = z.strictObject({
  price: z.string().optional(),
  price_data: z
    .strictObject({
      currency: z
        .string()
        .regex(/^[a-zA-Z]{3}$/, 'Invalid currency')
        .transform((value) => value.toLowerCase()),
      unit_amount: formInteger.refine((value) => value >= 0, 'This value must be greater than or equal to 0.'),
      // One of product (an existing product's id) or product_data (a new product).
      product: z.string().optional(),
      product_data: z
        .strictObject({
          name: z.string().min(1, 'You must provide a product name.'),
          description: z.string().optional(),
          images: formArray(url).optional(),
          metadata: metadata.optional(),
        })
        .optional(),
      recurring: recurring.optional(),
      tax_behavior: z.enum(['exclusive', 'inclusive', 'unspecified']).optional(),
    })
    .optional(),
  quantity: formInteger
    .refine((value) => value >= 1 && value <= 999_999, 'Quantity must be between 1 and 999999.')
    .optional(),
});

// Parameters Stripe knows that change nothing the emulator models; accepted so the app's call works unchanged.
const acceptedAndIgnored = Object.fromEntries(
  [
    'adaptive_pricing',
    'allow_promotion_codes',
    'automatic_tax',
    'billing_address_collection',
    'branding_settings',
    'consent_collection',
    'custom_fields',
    'custom_text',
    'customer_creation',
    'invoice_creation',
    'payment_method_options',
    'phone_number_collection',
    'saved_payment_method_options',
    'shipping_address_collection',
    'submit_type',
    'tax_id_collection',
  ].map((name) => [name, z.unknown().optional()]),
);

export const createSessionParams = z.strictObject({
  ...acceptedAndIgnored,
  mode: z.enum(['payment', 'setup', 'subscription']),
  line_items: formArray(lineItem).optional(),
  success_url: url.optional(),
  cancel_url: url.optional(),
  client_reference_id: z.string().max(200, 'client_reference_id can have up to 200 characters.').optional(),
  customer_email: email.optional(),
  customer: z.string().optional(),
  metadata: metadata.optional(),
  locale: z.enum(LOCALES).optional(),
  subscription_data: z.strictObject({ metadata: metadata.optional(), description: z.string().optional() }).optional(),
  payment_method_types: formArray(z.string()).optional(),
  expires_at: formInteger.optional(),
  ui_mode: z.enum(['hosted_page', 'hosted']).optional(),
  payment_intent_data: z
    .strictObject({
      metadata: metadata.optional(),
      description: z.string().optional(),
      receipt_email: email.optional(),
      // Saves the paid card on the customer for later charges (the auto top-up's "save this card").
      setup_future_usage: z.enum(['on_session', 'off_session']).optional(),
    })
    .optional(),
  // mode=setup: the SetupIntent's metadata and description; `currency` is accepted as Stripe does.
  setup_intent_data: z.strictObject({ metadata: metadata.optional(), description: z.string().optional() }).optional(),
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, 'Invalid currency')
    .transform((value) => value.toLowerCase())
    .optional(),
  expand,
});
export type CreateSessionParams = z.output<typeof createSessionParams>;

interface CreatedRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

// `created=123` means exactly that second; `created[gte]=123` and friends bound a range.
const createdFilter = z.union([
  formInteger.transform((value): CreatedRange => ({ gte: value, lte: value })),
  z.strictObject({
    gt: formInteger.optional(),
    gte: formInteger.optional(),
    lt: formInteger.optional(),
    lte: formInteger.optional(),
  }),
]);
export type CreatedFilter = CreatedRange;

export const pagination = {
  limit: formInteger
    .refine((value) => value >= 1 && value <= 100, 'Invalid limit: must be between 1 and 100.')
    .optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
  created: createdFilter.optional(),
  expand,
};
export type PaginationParams = {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: CreatedFilter;
};

export const listSessionsParams = z.strictObject({
  ...pagination,
  status: z.enum(['open', 'complete', 'expired']).optional(),
  payment_intent: z.string().optional(),
  customer_details: z.strictObject({ email: z.string() }).optional(),
});

export const listEventsParams = z.strictObject({
  ...pagination,
  type: z.string().optional(),
  types: formArray(z.string()).optional(),
});

export const retrieveParams = z.strictObject({ expand });

export const createRefundParams = z.strictObject({
  payment_intent: z.string().optional(),
  charge: z.string().optional(),
  amount: formInteger.refine((value) => value > 0, 'Invalid positive integer').optional(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  metadata: metadata.optional(),
  expand,
});
export type CreateRefundParams = z.output<typeof createRefundParams>;

const nonNegativeInteger = z.number().int().min(0);

export const payParams = z.strictObject({
  card: z.string().optional(),
  method: z.enum(['card', 'bank_transfer']).optional(),
  deliverWebhooks: z.boolean().optional(),
  email: email.optional(),
  name: z.string().optional(),
  asyncOutcome: z.enum(['succeeded', 'failed']).optional(),
  asyncSettleMs: nonNegativeInteger.optional(),
});
export type PayParams = z.output<typeof payParams>;

export const configParams = z.strictObject({
  webhookUrl: z.union([z.literal(''), url]).optional(),
  delayMs: nonNegativeInteger.optional(),
  duplicates: nonNegativeInteger.max(100).optional(),
  shuffle: z.boolean().optional(),
  dropRate: z.number().min(0).max(1).optional(),
  retryBaseMs: nonNegativeInteger.optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  asyncSettleMs: nonNegativeInteger.optional(),
});
export type ConfigParams = z.output<typeof configParams>;

export const disputeParams = z.strictObject({
  amount: z.number().int().positive().optional(),
  reason: z.string().optional(),
});

export const closeDisputeParams = z.strictObject({ status: z.enum(['won', 'lost']) });
