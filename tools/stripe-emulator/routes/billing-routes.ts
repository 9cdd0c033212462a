// /v1 billing: customers, products, prices, payment methods, subscriptions, invoices, invoice payments, test clocks and billing portal sessions.
import type { Hono } from 'hono';
import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import { createCustomer, createProduct, priceFromPriceData, requireCustomer } from '../domain/catalog';
import { payInvoice, type requireInvoice } from '../domain/invoices';
import { paginate } from '../domain/lists';
import { createPortalConfiguration, createPortalSession } from '../domain/portal';
import { cancelSubscription, type requireSubscription, updateSubscription } from '../domain/subscriptions';
import { advanceTestClock, createTestClock } from '../domain/test-clocks';
import {
  advanceTestClockParams,
  cancelSubscriptionParams,
  createCustomerParams,
  createPortalConfigurationParams,
  createPortalSessionParams,
  createPriceParams,
  createProductParams,
  createTestClockParams,
  listCustomersParams,
  listInvoicePaymentsParams,
  listInvoicesParams,
  listSubscriptionsParams,
  updateCustomerParams,
  updateSubscriptionParams,
} from '../params/billing-params';
import { mergeMetadata, parseParams } from '../params/form-values';
import { retrieveParams } from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import { type ApiEnv, eventRequest } from './api-env';
import { jsonResponse } from './json-response';

function newestFirst<T>(map: Map<string, T>): T[] {
  return [...map.values()].reverse();
}

export function addBillingRoutes(api: Hono<ApiEnv>, ctx: EmulatorContext) {
  const { store } = ctx;

  api.post('/customers', (c) => jsonResponse(c, createCustomer(ctx, parseParams(createCustomerParams, c.var.params))));
  api.get('/customers', (c) => {
    const params = parseParams(listCustomersParams, c.var.params);
    const matches = (customer: typeof store.customers extends Map<string, infer V> ? V : never) =>
      (params.email === undefined || customer.email === params.email) &&
      (params.test_clock === undefined || customer.test_clock === params.test_clock);
    return jsonResponse(c, paginate(newestFirst(store.customers), matches, params, '/v1/customers', 'customer'));
  });
  api.post('/customers/:id', (c) => {
    const params = parseParams(updateCustomerParams, c.var.params);
    const customer = requireCustomer(ctx, c.req.param('id'), 'customer', 'path');
    const defaultCard = params.invoice_settings?.default_payment_method;
    // Checked before anything changes: a refused update changes nothing.
    if (defaultCard !== undefined) {
      const param = 'invoice_settings[default_payment_method]';
      const record = defaultCard === '' ? undefined : store.paymentMethods.get(defaultCard);
      if (defaultCard !== '' && !record) throw resourceMissing('PaymentMethod', defaultCard, param, 'param');
      if (record && record.paymentMethod.customer !== customer.id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${defaultCard}. The payment method must be attached to the customer.`,
          { param },
        );
      }
    }
    if (params.email !== undefined) customer.email = params.email;
    if (params.name !== undefined) customer.name = params.name;
    customer.metadata = mergeMetadata(customer.metadata, params.metadata);
    if (params.preferred_locales !== undefined) customer.preferred_locales = params.preferred_locales;
    if (defaultCard !== undefined) customer.invoice_settings.default_payment_method = defaultCard || null;
    return jsonResponse(c, customer);
  });

  api.post('/products', (c) => jsonResponse(c, createProduct(ctx, parseParams(createProductParams, c.var.params))));

  api.post('/prices', (c) => {
    const params = parseParams(createPriceParams, c.var.params);
    const price = priceFromPriceData(ctx, params, 'price');
    // A price made by this call is a catalogue price (active), unlike the ad-hoc ones price_data makes.
    Object.assign(price, {
      active: true,
      nickname: params.nickname ?? null,
      lookup_key: params.lookup_key ?? null,
      metadata: mergeMetadata({}, params.metadata),
    });
    return jsonResponse(c, price);
  });

  api.get('/subscriptions', (c) => {
    const params = parseParams(listSubscriptionsParams, c.var.params);
    // Stripe leaves canceled subscriptions out unless asked for them (status=canceled or all).
    const status = params.status ?? 'not_canceled';
    const matches = (subscription: ReturnType<typeof requireSubscription>) =>
      (params.customer === undefined || subscription.customer === params.customer) &&
      (params.test_clock === undefined || subscription.test_clock === params.test_clock) &&
      (status === 'all' ||
        (status === 'not_canceled' ? subscription.status !== 'canceled' : subscription.status === status));
    return jsonResponse(
      c,
      paginate(newestFirst(store.subscriptions), matches, params, '/v1/subscriptions', 'subscription'),
    );
  });
  api.post('/subscriptions/:id', (c) => {
    const params = parseParams(updateSubscriptionParams, c.var.params);
    return jsonResponse(c, updateSubscription(ctx, c.req.param('id'), params, eventRequest(c)));
  });
  api.delete('/subscriptions/:id', (c) => {
    parseParams(cancelSubscriptionParams, c.var.params);
    return jsonResponse(c, cancelSubscription(ctx, c.req.param('id'), eventRequest(c)));
  });

  api.get('/invoices', (c) => {
    const params = parseParams(listInvoicesParams, c.var.params);
    const matches = (invoice: ReturnType<typeof requireInvoice>) =>
      (params.customer === undefined || invoice.customer === params.customer) &&
      (params.subscription === undefined ||
        invoice.parent?.subscription_details?.subscription === params.subscription) &&
      (params.status === undefined || invoice.status === params.status);
    return jsonResponse(c, paginate(newestFirst(store.invoices), matches, params, '/v1/invoices', 'invoice'));
  });
  api.post('/invoices/:id/pay', (c) => {
    parseParams(retrieveParams, c.var.params);
    return jsonResponse(c, payInvoice(ctx, c.req.param('id'), eventRequest(c)));
  });

  api.get('/invoice_payments', (c) => {
    const params = parseParams(listInvoicePaymentsParams, c.var.params);
    const wantedIntent = params.payment?.payment_intent;
    const matches = (payment: ReturnType<typeof store.invoicePayments.get> & object) =>
      (params.invoice === undefined || payment.invoice === params.invoice) &&
      (wantedIntent === undefined || payment.payment.payment_intent === wantedIntent) &&
      (params.status === undefined || payment.status === params.status);
    return jsonResponse(
      c,
      paginate(newestFirst(store.invoicePayments), matches, params, '/v1/invoice_payments', 'invoice_payment'),
    );
  });

  api.post('/test_helpers/test_clocks', (c) =>
    jsonResponse(c, createTestClock(ctx, parseParams(createTestClockParams, c.var.params))),
  );
  api.post('/test_helpers/test_clocks/:id/advance', (c) => {
    const params = parseParams(advanceTestClockParams, c.var.params);
    return jsonResponse(c, advanceTestClock(ctx, c.req.param('id'), params.frozen_time));
  });

  api.post('/billing_portal/sessions', (c) =>
    jsonResponse(c, createPortalSession(ctx, parseParams(createPortalSessionParams, c.var.params))),
  );
  api.post('/billing_portal/configurations', (c) =>
    jsonResponse(c, createPortalConfiguration(ctx, parseParams(createPortalConfigurationParams, c.var.params))),
  );

  // `expand[]` on the two objects the app may read through their links.
  const resolve: Record<string, (id: string) => unknown> = {
    latest_invoice: (id) => store.invoices.get(id),
    customer: (id) => store.customers.get(id),
    subscription: (id) => store.subscriptions.get(id),
    default_payment_method: (id) => store.paymentMethods.get(id)?.paymentMethod,
  };
  const expandable: Array<[string, string, Map<string, object>, string[]]> = [
    [
      '/subscriptions/:id',
      'subscription',
      store.subscriptions,
      ['latest_invoice', 'customer', 'default_payment_method'],
    ],
    ['/invoices/:id', 'invoice', store.invoices, ['customer', 'subscription']],
  ];
  for (const [path, objectName, objects, fields] of expandable) {
    api.get(path, (c) => {
      const { expand = [] } = parseParams(retrieveParams, c.var.params);
      const id = c.req.param('id') ?? '';
      const object = objects.get(id) as Record<string, unknown> | undefined;
      if (object === undefined) throw resourceMissing(objectName, id, 'id', 'path');
      const expanded = { ...object };
      for (const field of expand) {
        if (!fields.includes(field))
          throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
        const value = expanded[field];
        if (typeof value === 'string') expanded[field] = resolve[field]?.(value) ?? value;
      }
      return jsonResponse(c, expanded);
    });
  }

  const retrievable: Array<[string, string, Map<string, unknown>]> = [
    ['/customers/:id', 'customer', store.customers],
    ['/products/:id', 'product', store.products],
    ['/prices/:id', 'price', store.prices],
    ['/invoice_payments/:id', 'invoice_payment', store.invoicePayments],
    ['/test_helpers/test_clocks/:id', 'test_helpers.test_clock', store.testClocks],
    ['/billing_portal/configurations/:id', 'billing_portal.configuration', store.portalConfigurations],
  ];
  for (const [path, objectName, objects] of retrievable) {
    api.get(path, (c) => {
      parseParams(retrieveParams, c.var.params);
      const id = c.req.param('id') ?? '';
      const object = objects.get(id);
      if (object === undefined) throw resourceMissing(objectName, id, 'id', 'path');
      return jsonResponse(c, object);
    });
  }
  api.get('/payment_methods/:id', (c) => {
    parseParams(retrieveParams, c.var.params);
    const record = store.paymentMethods.get(c.req.param('id'));
    if (!record) throw resourceMissing('payment_method', c.req.param('id'), 'id', 'path');
    return jsonResponse(c, record.paymentMethod);
  });
}
