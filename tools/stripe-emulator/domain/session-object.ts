// What every Checkout mode does alike before it stores a session: the shared checks and the session object itself.

import { invalidRequest } from '../core/stripe-errors';
import {
  buildCheckoutSession,
  type CheckoutSession,
  type CheckoutSessionInput,
  checkoutSessionId,
  unixNow,
} from '../objects/objects';
import { mergeMetadata } from '../params/form-values';
import type { CreateSessionParams } from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import { requireCustomer } from './catalog';

const MIN_LIFETIME_S = 30 * 60;
const MAX_LIFETIME_S = 24 * 60 * 60;
// Allows for the clock moving between the caller computing expires_at and the request arriving.
const LIFETIME_SLACK_S = 60;

/** What every mode checks alike: a success URL, customer or customer_email (not both), a customer that exists. */
export function sessionBasics(ctx: EmulatorContext, params: CreateSessionParams) {
  if (params.success_url === undefined) {
    throw invalidRequest('Missing required param: success_url.', { code: 'parameter_missing', param: 'success_url' });
  }
  if (params.customer !== undefined && params.customer_email !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', {
      param: 'customer_email',
    });
  }
  const customer = params.customer === undefined ? undefined : requireCustomer(ctx, params.customer);
  return { customer, created: unixNow(), successUrl: params.success_url };
}

type SessionBasics = ReturnType<typeof sessionBasics>;

/**
 * The session object every mode builds alike from the caller's params (and `expires_at` checked); `shape` is
 * what the mode decides. Nothing is stored yet, so a bad `expires_at` leaves no trace.
 */
export function newSessionObject(
  ctx: EmulatorContext,
  params: CreateSessionParams,
  { customer, created, successUrl }: SessionBasics,
  shape: Pick<CheckoutSessionInput, 'currency' | 'amountTotal' | 'mode'>,
): CheckoutSession {
  const id = checkoutSessionId();
  const session = buildCheckoutSession({
    id,
    url: `${ctx.baseUrl}/c/pay/${id}`,
    created,
    expiresAt: sessionExpiry(params, created),
    ...shape,
    successUrl,
    cancelUrl: params.cancel_url ?? null,
    clientReferenceId: params.client_reference_id ?? null,
    customerEmail: params.customer_email ?? customer?.email ?? null,
    locale: params.locale ?? null,
    metadata: mergeMetadata({}, params.metadata),
    paymentMethodTypes: params.payment_method_types ?? ['card'],
    customer: customer?.id ?? null,
  });
  // Stripe shows a customer's email on the session but keeps customer_email for what the caller passed.
  if (params.customer_email === undefined) session.customer_email = null;
  return session;
}

/** `expires_at`, or 24 hours from `created`; Stripe allows 30 minutes to 24 hours. */
export function sessionExpiry(params: CreateSessionParams, created: number): number {
  const expiresAt = params.expires_at ?? created + MAX_LIFETIME_S;
  const lifetime = expiresAt - created;
  if (lifetime < MIN_LIFETIME_S - LIFETIME_SLACK_S || lifetime > MAX_LIFETIME_S + LIFETIME_SLACK_S) {
    throw invalidRequest(
      'The `expires_at` timestamp must be between 30 minutes and 24 hours after the session is created.',
      { param: 'expires_at' },
    );
  }
  return expiresAt;
}
