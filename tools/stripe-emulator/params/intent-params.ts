// The parameters of the PaymentIntent, SetupIntent and saved-card endpoints and of the saved-card control, as zod schemas.
import * as z from 'zod';
import { email, expand, formArray, formBoolean, formInteger, metadata, url } from './form-values';
import { pagination } from './params';

/** `off_session`: a boolean (`true`/`True`…) or, as Stripe also takes, `one_off` / `recurring` (both mean true). */
const offSession = z.string().transform((value, ctx) => {
  const lower = value.toLowerCase();
  if (lower === 'true' || value === 'one_off' || value === 'recurring') return true;
  if (lower === 'false') return false;
  ctx.addIssue({ code: 'custom', message: `Invalid boolean: ${value}` });
  return z.NEVER;
});

const currency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, 'Invalid currency')
  .transform((value) => value.toLowerCase());

// Parameters Stripe knows that change nothing the emulator models; accepted so an app's call works unchanged.
const ignored = {
  statement_descriptor: z.string().optional(),
  statement_descriptor_suffix: z.string().optional(),
  payment_method_options: z.unknown().optional(),
  mandate_data: z.unknown().optional(),
  use_stripe_sdk: formBoolean.optional(),
};

const confirmFields = {
  payment_method: z.string().optional(),
  off_session: offSession.optional(),
  return_url: url.optional(),
  error_on_requires_action: formBoolean.optional(),
  receipt_email: email.optional(),
  setup_future_usage: z.enum(['on_session', 'off_session']).optional(),
  expand,
  ...ignored,
};

export const createPaymentIntentParams = z.strictObject({
  ...confirmFields,
  amount: formInteger.refine((value) => value >= 1, 'This value must be greater than or equal to 1.'),
  currency,
  customer: z.string().optional(),
  confirm: formBoolean.optional(),
  metadata: metadata.optional(),
  description: z.string().optional(),
  payment_method_types: formArray(z.string()).optional(),
  automatic_payment_methods: z
    .strictObject({ enabled: formBoolean, allow_redirects: z.enum(['always', 'never']).optional() })
    .optional(),
  capture_method: z.enum(['automatic', 'automatic_async']).optional(),
  confirmation_method: z.enum(['automatic', 'manual']).optional(),
});
export type CreatePaymentIntentParams = z.output<typeof createPaymentIntentParams>;

export const confirmPaymentIntentParams = z.strictObject(confirmFields);
export type ConfirmPaymentIntentParams = z.output<typeof confirmPaymentIntentParams>;

export const listPaymentMethodsParams = z.strictObject({
  ...pagination,
  type: z.string().optional(),
  allow_redisplay: z.enum(['always', 'limited', 'unspecified']).optional(),
});

export const listPaymentIntentsParams = z.strictObject({ ...pagination, customer: z.string().optional() });

export const attachPaymentMethodParams = z.strictObject({ customer: z.string(), expand });

/** `POST /_emulator/payment_methods/{id}/card`: the test card the saved card behaves as from now on. */
export const paymentMethodCardParams = z.strictObject({ card: z.string() });
