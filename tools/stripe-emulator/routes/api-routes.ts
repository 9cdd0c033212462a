// /v1: the slice of Stripe's API the app calls, with Bearer auth, form-encoded parameters and idempotent POSTs.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { invalidRequest, resourceMissing, StripeApiError } from '../core/stripe-errors';
import {
  createCheckoutSession,
  expandSession,
  expireSession,
  listSessions,
  requireSession,
} from '../domain/checkout-sessions';
import { paginate, stripeList } from '../domain/lists';
import { createRefund } from '../domain/payments';
import { createSetupSession } from '../domain/setup-checkout';
import { API_VERSION, newId, type StripeEvent } from '../objects/objects';
import { parseStripeForm } from '../params/form-encoding';
import { parseParams } from '../params/form-values';
import {
  createRefundParams,
  createSessionParams,
  listEventsParams,
  listSessionsParams,
  retrieveParams,
} from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import { type ApiEnv, eventRequest } from './api-env';
import { addBillingRoutes } from './billing-routes';
import { addIntentRoutes } from './intent-routes';
import { jsonResponse } from './json-response';

/** Stripe shows only the ends of a wrong key, so the answer never holds a whole secret. */
function maskKey(key: string): string {
  return key.length <= 16 ? '****' : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

/** The API key from `Authorization: Bearer <key>` or Basic auth with the key as user name (both as Stripe accepts). */
function apiKeyOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

export function apiRoutes(ctx: EmulatorContext, secretKey: string): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();

  api.use('*', async (c, next) => {
    const requestId = newId('req_', 14);
    c.set('requestId', requestId);
    c.header('Request-Id', requestId);
    c.header('Stripe-Version', API_VERSION);
    const idempotencyKey = c.req.header('Idempotency-Key');
    if (idempotencyKey) c.header('Idempotency-Key', idempotencyKey);
    const key = apiKeyOf(c.req.header('Authorization'));
    if (!key) {
      throw new StripeApiError(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    if (key !== secretKey) {
      throw new StripeApiError(401, {
        type: 'invalid_request_error',
        code: 'api_key_invalid',
        message: `Invalid API Key provided: ${maskKey(key)}`,
      });
    }
    // Stripe reads the query string and the form body of every method alike (the SDKs send DELETE's
    // parameters in the query, curl users put POST's there); body pairs come after, so they win.
    const query = new URL(c.req.url).search.slice(1);
    const body = c.req.method === 'GET' ? '' : await c.req.text();
    c.set('params', parseStripeForm([query, body].filter(Boolean).join('&')));
    await next();
  });

  // Same Idempotency-Key, same answer: a retried POST must not create a second session or refund.
  api.use('*', async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || !key) return next();
    // The query joins the path (`/v1/x?a=1`), so a fingerprint saved before queries counted still matches.
    const fingerprint = `${c.req.method} ${c.req.path}${new URL(c.req.url).search} ${await c.req.text()}`;
    const earlier = ctx.store.idempotentReplies.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new StripeApiError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      if (!earlier.response) {
        throw new StripeApiError(409, {
          type: 'idempotency_error',
          code: 'idempotency_key_in_use',
          message:
            'There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again later.',
        });
      }
      c.header('Idempotent-Replayed', 'true');
      return c.body(earlier.response.body, earlier.response.status as ContentfulStatusCode, {
        'Content-Type': 'application/json; charset=utf-8',
      });
    }
    const reply: { fingerprint: string; response?: { status: number; body: string } } = { fingerprint };
    ctx.store.idempotentReplies.set(key, reply);
    await next();
    // Like Stripe, remember results of requests that ran (success or card error), not rejected parameters.
    if (c.res.status < 400 || c.res.status === 402) {
      reply.response = { status: c.res.status, body: await c.res.clone().text() };
      ctx.store.idempotentReplies.touch(key); // completed after a save may have skipped it
    } else {
      ctx.store.idempotentReplies.delete(key);
    }
  });

  api.post('/checkout/sessions', (c) => {
    const params = parseParams(createSessionParams, c.var.params);
    const record = params.mode === 'setup' ? createSetupSession(ctx, params) : createCheckoutSession(ctx, params);
    return jsonResponse(c, expandSession(ctx, record, params.expand ?? []));
  });

  api.get('/checkout/sessions', (c) => {
    const params = parseParams(listSessionsParams, c.var.params);
    const page = listSessions(ctx, params);
    const expand = listExpansions(params.expand);
    if (expand.length === 0) return jsonResponse(c, page);
    const data = page.data.map((session) => expandSession(ctx, requireSession(ctx, session.id), expand));
    return jsonResponse(c, { ...page, data });
  });

  api.get('/checkout/sessions/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.params);
    return jsonResponse(c, expandSession(ctx, requireSession(ctx, c.req.param('id')), params.expand ?? []));
  });

  api.get('/checkout/sessions/:id/line_items', (c) => {
    const record = requireSession(ctx, c.req.param('id'));
    return jsonResponse(c, stripeList(record.lineItems, `/v1/checkout/sessions/${record.session.id}/line_items`));
  });

  api.post('/checkout/sessions/:id/expire', (c) => {
    const params = parseParams(retrieveParams, c.var.params);
    const session = expireSession(ctx, c.req.param('id'), eventRequest(c));
    return jsonResponse(c, expandSession(ctx, requireSession(ctx, session.id), params.expand ?? []));
  });

  api.post('/refunds', (c) => {
    const params = parseParams(createRefundParams, c.var.params);
    return jsonResponse(c, createRefund(ctx, params, eventRequest(c)));
  });

  api.get('/events', (c) => {
    const params = parseParams(listEventsParams, c.var.params);
    const types = params.types ?? (params.type === undefined ? undefined : [params.type]);
    const newestFirst = [...ctx.store.events.values()].map((record) => record.event).reverse();
    const matches = (event: StripeEvent) => types === undefined || types.some((type) => typeMatches(type, event));
    return jsonResponse(c, paginate(newestFirst, matches, params, '/v1/events', 'event'));
  });

  const retrievable: Array<[string, string, Map<string, unknown>]> = [
    ['/charges/:id', 'charge', ctx.store.charges],
    ['/refunds/:id', 'refund', ctx.store.refunds],
    ['/disputes/:id', 'dispute', ctx.store.disputes],
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
  api.get('/events/:id', (c) => {
    const record = ctx.store.events.get(c.req.param('id'));
    if (!record) throw resourceMissing('event', c.req.param('id'), 'id', 'path');
    return jsonResponse(c, record.event);
  });

  addBillingRoutes(api, ctx);
  addIntentRoutes(api, ctx);

  // Registered last, after the auth middleware, so an unknown path with a bad key still answers 401 as Stripe does.
  api.all('*', (c) => {
    throw unrecognizedUrl(c.req.method, c.req.path);
  });

  return api;
}

function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). The Stripe emulator serves only the part of the API Creditcast uses.`,
  });
}

/** `checkout.session.*` matches every checkout session event, as Stripe's event type filters do. */
function typeMatches(pattern: string, event: StripeEvent): boolean {
  return pattern.endsWith('.*') ? event.type.startsWith(pattern.slice(0, -1)) : event.type === pattern;
}

/** `expand[]=data.payment_intent` on a list expands that field of every item. */
function listExpansions(expand: string[] | undefined): string[] {
  return (expand ?? []).map((field) => {
    if (!field.startsWith('data.'))
      throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
    return field.slice('data.'.length);
  });
}
