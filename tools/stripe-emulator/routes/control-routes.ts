// /_emulator: test controls with no auth and JSON both ways — pay without a browser, disputes, delivery faults, inspection, reset.
import { type Context, Hono } from 'hono';
import { invalidRequest, resourceMissing } from '../core/stripe-errors';
import { DEFAULT_TEST_CARD } from '../domain/cards';
import { closeDispute, createDispute, payCheckoutSession, releaseHeldEvents } from '../domain/payments';
import { replaceCustomerCard, setCardBehaviour } from '../domain/saved-cards';
import { renewSubscription } from '../domain/subscriptions';
import { customerCardParams, renewParams } from '../params/billing-params';
import { parseParams } from '../params/form-values';
import { paymentMethodCardParams } from '../params/intent-params';
import { closeDisputeParams, configParams, disputeParams, payParams } from '../params/params';
import type { EmulatorContext } from '../runtime/context';
import { jsonResponse } from './json-response';

/** The body as JSON; an empty body counts as `{}` so `curl -X POST` without data works. */
async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('The request body is not valid JSON.');
  }
}

export interface ControlHooks {
  /** Clears objects, events and deliveries, cancels pending work and restores the start-up settings. */
  reset(): void;
}

export function controlRoutes(ctx: EmulatorContext, hooks: ControlHooks): Hono {
  const control = new Hono();

  control.get('/health', (c) => jsonResponse(c, { ok: true }));

  control.post('/checkout/sessions/:id/pay', async (c) => {
    const params = parseParams(payParams, await jsonBody(c));
    const session = payCheckoutSession(ctx, c.req.param('id'), {
      method: params.method ?? 'card',
      card: params.card ?? DEFAULT_TEST_CARD,
      email: params.email,
      name: params.name,
      deliverWebhooks: params.deliverWebhooks ?? true,
      asyncOutcome: params.asyncOutcome ?? 'succeeded',
      asyncSettleMs: params.asyncSettleMs,
    });
    return jsonResponse(c, session);
  });

  control.post('/subscriptions/:id/renew', async (c) => {
    const params = parseParams(renewParams, await jsonBody(c));
    return jsonResponse(c, renewSubscription(ctx, c.req.param('id'), { fail: params.fail }));
  });

  control.post('/customers/:id/card', async (c) => {
    const params = parseParams(customerCardParams, await jsonBody(c));
    return jsonResponse(c, replaceCustomerCard(ctx, c.req.param('id'), params.card));
  });

  control.post('/payment_methods/:id/card', async (c) => {
    const params = parseParams(paymentMethodCardParams, await jsonBody(c));
    return jsonResponse(c, setCardBehaviour(ctx, c.req.param('id'), params.card));
  });

  control.post('/checkout/sessions/:id/deliver-held', (c) => {
    return jsonResponse(c, { released: releaseHeldEvents(ctx, c.req.param('id')) });
  });

  control.post('/charges/:id/dispute', async (c) => {
    const params = parseParams(disputeParams, await jsonBody(c));
    return jsonResponse(c, createDispute(ctx, c.req.param('id'), params));
  });

  control.post('/disputes/:id/close', async (c) => {
    const params = parseParams(closeDisputeParams, await jsonBody(c));
    return jsonResponse(c, closeDispute(ctx, c.req.param('id'), params.status));
  });

  control.get('/events', (c) => {
    const type = c.req.query('type');
    const events = [...ctx.store.events.values()]
      .map((record) => record.event)
      .filter((event) => type === undefined || event.type === type)
      .reverse();
    return jsonResponse(c, { events });
  });

  control.post('/events/:id/deliver', (c) => {
    const record = ctx.store.events.get(c.req.param('id'));
    if (!record) throw resourceMissing('event', c.req.param('id'), 'id', 'path');
    ctx.webhooks.redeliver(record);
    return jsonResponse(c, { scheduled: record.event.id });
  });

  control.get('/deliveries', (c) => {
    const eventId = c.req.query('eventId');
    const type = c.req.query('type');
    const deliveries = ctx.store.deliveries.filter(
      (delivery) =>
        (eventId === undefined || delivery.eventId === eventId) && (type === undefined || delivery.type === type),
    );
    return jsonResponse(c, { deliveries });
  });

  control.get('/config', (c) => jsonResponse(c, currentConfig(ctx)));

  control.post('/config', async (c) => {
    const { webhookUrl, asyncSettleMs, ...delivery } = parseParams(configParams, await jsonBody(c));
    if (webhookUrl !== undefined) ctx.settings.webhookUrl = webhookUrl;
    if (asyncSettleMs !== undefined) ctx.settings.asyncSettleMs = asyncSettleMs;
    Object.assign(ctx.settings.delivery, withoutUndefined(delivery));
    ctx.log(`config ${JSON.stringify(currentConfig(ctx))}`);
    return jsonResponse(c, currentConfig(ctx));
  });

  control.post('/reset', (c) => {
    hooks.reset();
    return jsonResponse(c, { ok: true });
  });

  return control;
}

function currentConfig(ctx: EmulatorContext) {
  return { webhookUrl: ctx.settings.webhookUrl, asyncSettleMs: ctx.settings.asyncSettleMs, ...ctx.settings.delivery };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
