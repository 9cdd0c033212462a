// Builders for SetupIntents and for the failure a PaymentIntent records (last_payment_error), typed with the SDK's types.
import type Stripe from 'stripe';
import type { StripeErrorBody } from '../core/stripe-errors';
import type { PaymentMethod } from './billing-objects';
import { newId, type PaymentIntent } from './objects';

export type SetupIntent = Stripe.SetupIntent;

export interface SetupIntentInput {
  customer: string | null;
  description: string | null;
  metadata: Record<string, string>;
  created: number;
}

/** A SetupIntent waiting for a card (`requires_payment_method`), for `off_session` use as Checkout's setup mode makes it. */
export function buildSetupIntent(input: SetupIntentInput): SetupIntent {
  const id = newId('seti_');
  return {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${newId('', 32)}`,
    created: input.created,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: 'off_session',
  };
}

/**
 * What a declined confirmation leaves on the PaymentIntent, as Stripe records it: the error with the
 * card it was tried on. The intent itself goes back to `requires_payment_method` and lets go of the card.
 */
export function recordPaymentFailure(
  paymentIntent: PaymentIntent,
  error: StripeErrorBody,
  paymentMethod: PaymentMethod,
): void {
  paymentIntent.status = 'requires_payment_method';
  paymentIntent.payment_method = null;
  paymentIntent.last_payment_error = {
    type: 'card_error',
    code: error.code as Stripe.PaymentIntent.LastPaymentError.Code | undefined,
    decline_code: error.decline_code,
    doc_url: error.doc_url,
    message: error.message,
    payment_method: paymentMethod,
    payment_method_type: 'card',
  };
}
