// Checkout Sessions: creating, finding, listing, expanding and expiring them (on request or when their time is up).

import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import type { Price } from '../objects/billing-objects';
import { buildLineItem, type CheckoutSession, type EventRequest, unixNow } from '../objects/objects';
import { mergeMetadata } from '../params/form-values';
import type { CreateSessionParams, PaginationParams } from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import type { SessionRecord } from '../runtime/store';
import { priceFromPriceData, productName, requirePrice } from './catalog';
import { paginate, type StripeList, stripeList } from './lists';
import { newSessionObject, sessionBasics } from './session-object';

export function createCheckoutSession(ctx: EmulatorContext, params: CreateSessionParams): SessionRecord {
  if (params.mode !== 'payment' && params.mode !== 'subscription') {
    throw invalidRequest(`The emulator supports mode=payment and mode=subscription, not mode=${params.mode}.`, {
      param: 'mode',
    });
  }
  const mode = params.mode;
  const lineItemParams = params.line_items ?? [];
  if (lineItemParams.length === 0) {
    throw invalidRequest(`You must provide at least one line item in \`${mode}\` mode.`, {
      code: 'parameter_missing',
      param: 'line_items',
    });
  }
  const basics = sessionBasics(ctx, params);
  const lineItems = lineItemParams.map((item, index) => {
    const param = `line_items[${index}]`;
    if (item.quantity === undefined) {
      throw invalidRequest(`Missing required param: ${param}[quantity].`, {
        code: 'parameter_missing',
        param: `${param}[quantity]`,
      });
    }
    let price: Price;
    if (item.price !== undefined) price = requirePrice(ctx, item.price, `${param}[price]`);
    else if (item.price_data !== undefined) price = priceFromPriceData(ctx, item.price_data, `${param}[price_data]`);
    else throw invalidRequest(`You must specify either \`price\` or \`price_data\` in ${param}.`, { param });
    if (mode === 'payment' && price.recurring) {
      throw invalidRequest(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        { param },
      );
    }
    return buildLineItem({ name: productName(ctx, price), price, quantity: item.quantity });
  });
  if (mode === 'subscription' && (lineItems.length !== 1 || !lineItems[0]!.price?.recurring)) {
    throw invalidRequest('The emulator supports subscription mode with exactly one recurring line item.', {
      param: 'line_items',
    });
  }
  const currency = lineItems[0]!.currency;
  if (lineItems.some((item) => item.currency !== currency)) {
    throw invalidRequest('All line items must use the same currency.', { param: 'line_items' });
  }
  const session = newSessionObject(ctx, params, basics, {
    currency,
    amountTotal: lineItems.reduce((sum, item) => sum + item.amount_total, 0),
    mode,
  });
  const { id } = session;
  const record: SessionRecord = {
    session,
    lineItems,
    paymentIntentData: {
      metadata: mergeMetadata({}, params.payment_intent_data?.metadata),
      description: params.payment_intent_data?.description ?? null,
      setupFutureUsage: params.payment_intent_data?.setup_future_usage,
    },
    holdWebhooks: false,
  };
  if (mode === 'subscription')
    record.subscriptionData = { metadata: mergeMetadata({}, params.subscription_data?.metadata) };
  ctx.store.sessions.set(id, record);
  ctx.log(`created ${id} (${session.amount_total} ${currency})`);
  return record;
}

/** The session, first expired if its time is up; undefined for an id the emulator never made. */
export function findSession(ctx: EmulatorContext, id: string): SessionRecord | undefined {
  const record = ctx.store.sessions.get(id);
  if (record) expireIfDue(ctx, record, unixNow());
  return record;
}

export function requireSession(ctx: EmulatorContext, id: string): SessionRecord {
  const record = findSession(ctx, id);
  if (!record) throw resourceMissing('checkout.session', id, 'session', 'path');
  return record;
}

export interface ListSessionsFilter {
  status?: string;
  payment_intent?: string;
  customer_details?: { email: string };
}

export function listSessions(
  ctx: EmulatorContext,
  params: PaginationParams & ListSessionsFilter,
): StripeList<CheckoutSession> {
  expireDueSessions(ctx);
  const newestFirst = [...ctx.store.sessions.values()].map((record) => record.session).reverse();
  return paginate(
    newestFirst,
    (session) =>
      (params.status === undefined || session.status === params.status) &&
      (params.payment_intent === undefined || session.payment_intent === params.payment_intent) &&
      (params.customer_details === undefined || session.customer_details?.email === params.customer_details.email),
    params,
    '/v1/checkout/sessions',
    'checkout.session',
  );
}

export function expireSession(ctx: EmulatorContext, id: string, request: EventRequest): CheckoutSession {
  const record = requireSession(ctx, id);
  if (record.session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${record.session.status}".`,
      { code: 'checkout_session_not_open' },
    );
  }
  markExpired(ctx, record, request);
  return record.session;
}

/** Expires every open session whose expires_at has passed; runs on a timer and before each list. */
export function expireDueSessions(ctx: EmulatorContext): void {
  const now = unixNow();
  for (const record of ctx.store.sessions.values()) expireIfDue(ctx, record, now);
}

function expireIfDue(ctx: EmulatorContext, record: SessionRecord, now: number): void {
  if (record.session.status === 'open' && now >= record.session.expires_at) {
    markExpired(ctx, record, { id: null, idempotencyKey: null });
  }
}

function markExpired(ctx: EmulatorContext, record: SessionRecord, request: EventRequest): void {
  const { session } = record;
  ctx.store.sessions.touch(session.id); // found by iterating, changed in place
  session.status = 'expired';
  session.url = null; // Stripe clears the URL once a session can no longer be paid
  // A setup session's SetupIntent can no longer get a card: Stripe cancels it with the session.
  const setupIntent =
    typeof session.setup_intent === 'string' ? ctx.store.setupIntents.get(session.setup_intent) : undefined;
  if (setupIntent) {
    setupIntent.status = 'canceled';
    setupIntent.cancellation_reason = 'abandoned';
  }
  ctx.webhooks.emit('checkout.session.expired', session, { request, sessionId: session.id, hold: record.holdWebhooks });
}

/** `success_url` with Stripe's `{CHECKOUT_SESSION_ID}` template filled in. */
export function successRedirectUrl(session: CheckoutSession): string {
  return (session.success_url ?? '').replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}

/**
 * A copy of the session with the requested fields expanded (`payment_intent`, `line_items`), as
 * Stripe's `expand[]` does; the stored session keeps ids.
 */
export function expandSession(ctx: EmulatorContext, record: SessionRecord, expand: string[]): CheckoutSession {
  const expanded: CheckoutSession = { ...record.session };
  for (const field of expand) {
    if (field === 'payment_intent') {
      const id = record.session.payment_intent;
      expanded.payment_intent = typeof id === 'string' ? (ctx.store.paymentIntents.get(id) ?? id) : id;
    } else if (field === 'line_items') {
      expanded.line_items = stripeList(record.lineItems, `/v1/checkout/sessions/${record.session.id}/line_items`);
    } else if (field === 'subscription' || field === 'invoice' || field === 'customer' || field === 'setup_intent') {
      const id = record.session[field];
      const objects = {
        subscription: ctx.store.subscriptions,
        invoice: ctx.store.invoices,
        customer: ctx.store.customers,
        setup_intent: ctx.store.setupIntents,
      }[field];
      // biome-ignore lint/suspicious/noExplicitAny: an expanded field holds the object in place of its id
      (expanded as any)[field] = typeof id === 'string' ? (objects.get(id) ?? id) : id;
    } else {
      throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
    }
  }
  return expanded;
}
