// /v1 PaymentIntents, SetupIntents and a customer's saved cards: what an off-session charge (the auto top-up) calls.
import type { Hono } from 'hono';
import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import { requireCustomer } from '../domain/catalog';
import { paginate } from '../domain/lists';
import { confirmPaymentIntent, createPaymentIntent, requirePaymentIntent } from '../domain/payment-intents';
import { attachPaymentMethod, detachPaymentMethod } from '../domain/saved-cards';
import { parseParams } from '../params/form-values';
import {
  attachPaymentMethodParams,
  confirmPaymentIntentParams,
  createPaymentIntentParams,
  listPaymentIntentsParams,
  listPaymentMethodsParams,
} from '../params/intent-params';
import { retrieveParams } from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import { type ApiEnv, eventRequest } from './api-env';
import { jsonResponse } from './json-response';

/** A copy of `object` with each `expand[]` field that names a known id replaced by its object, as Stripe's expand does. */
function expanded(
  object: object,
  expand: string[],
  resolvers: Record<string, (id: string) => unknown>,
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...object };
  for (const field of expand) {
    const resolve = resolvers[field];
    if (!resolve) throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
    const value = copy[field];
    if (typeof value === 'string') copy[field] = resolve(value) ?? value;
  }
  return copy;
}

export function addIntentRoutes(api: Hono<ApiEnv>, ctx: EmulatorContext) {
  const { store } = ctx;
  const resolvers: Record<string, (id: string) => unknown> = {
    latest_charge: (id) => store.charges.get(id),
    payment_method: (id) => store.paymentMethods.get(id)?.paymentMethod,
    customer: (id) => store.customers.get(id),
  };

  api.post('/payment_intents', (c) => {
    const params = parseParams(createPaymentIntentParams, c.var.params);
    const paymentIntent = createPaymentIntent(ctx, params, eventRequest(c));
    return jsonResponse(c, expanded(paymentIntent, params.expand ?? [], resolvers));
  });

  // Newest first; `customer` narrows it (what a reconciliation pass over one customer's charges reads).
  api.get('/payment_intents', (c) => {
    const params = parseParams(listPaymentIntentsParams, c.var.params);
    const newestFirst = [...store.paymentIntents.values()].reverse();
    const matches = (paymentIntent: (typeof newestFirst)[number]) =>
      params.customer === undefined || paymentIntent.customer === params.customer;
    return jsonResponse(c, paginate(newestFirst, matches, params, '/v1/payment_intents', 'payment_intent'));
  });

  api.get('/payment_intents/:id', (c) => {
    const { expand = [] } = parseParams(retrieveParams, c.var.params);
    return jsonResponse(c, expanded(requirePaymentIntent(ctx, c.req.param('id')), expand, resolvers));
  });

  api.post('/payment_intents/:id/confirm', (c) => {
    const params = parseParams(confirmPaymentIntentParams, c.var.params);
    const paymentIntent = confirmPaymentIntent(ctx, c.req.param('id'), params, eventRequest(c));
    return jsonResponse(c, expanded(paymentIntent, params.expand ?? [], resolvers));
  });

  api.get('/setup_intents/:id', (c) => {
    const { expand = [] } = parseParams(retrieveParams, c.var.params);
    const setupIntent = store.setupIntents.get(c.req.param('id'));
    if (!setupIntent) throw resourceMissing('setup_intent', c.req.param('id'), 'intent', 'path');
    return jsonResponse(c, expanded(setupIntent, expand, resolvers));
  });

  api.post('/payment_methods/:id/attach', (c) => {
    const params = parseParams(attachPaymentMethodParams, c.var.params);
    return jsonResponse(c, attachPaymentMethod(ctx, c.req.param('id'), params.customer));
  });

  api.post('/payment_methods/:id/detach', (c) => {
    parseParams(retrieveParams, c.var.params);
    return jsonResponse(c, detachPaymentMethod(ctx, c.req.param('id')));
  });

  api.get('/customers/:id/payment_methods', (c) => {
    const params = parseParams(listPaymentMethodsParams, c.var.params);
    const customer = requireCustomer(ctx, c.req.param('id'), 'customer', 'path');
    const newestFirst = [...store.paymentMethods.values()].map((record) => record.paymentMethod).reverse();
    const matches = (paymentMethod: (typeof newestFirst)[number]) =>
      paymentMethod.customer === customer.id && (params.type === undefined || paymentMethod.type === params.type);
    const url = `/v1/customers/${customer.id}/payment_methods`;
    return jsonResponse(c, paginate(newestFirst, matches, params, url, 'payment_method'));
  });
}
