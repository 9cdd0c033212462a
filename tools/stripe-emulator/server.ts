// The emulator's front door: startEmulator() wires the store, webhook delivery and routers, and listens.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { apiRoutes } from './api-routes';
import { checkoutPageRoutes } from './checkout-page';
import { expireDueSessions } from './checkout-sessions';
import type { EmulatorContext, EmulatorSettings } from './context';
import { controlRoutes } from './control-routes';
import { jsonResponse } from './json-response';
import { Scheduler } from './scheduler';
import { EmulatorStore } from './store';
import { StripeApiError } from './stripe-errors';
import { DEFAULT_DELIVERY_OPTIONS, type DeliveryOptions, WebhookDispatcher } from './webhooks';

export type { DeliveryOptions } from './webhooks';
export { stripeSignatureHeader } from './webhooks';

export interface EmulatorOptions {
  /** 0 picks a free port. Default 12111. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Requests to /v1 must carry `Authorization: Bearer <secretKey>`. */
  secretKey: string;
  /** `whsec_…`, signs every delivery. */
  webhookSecret: string;
  /** Where events are POSTed; an empty string records them without sending. */
  webhookUrl?: string;
  delivery?: Partial<DeliveryOptions>;
  /** How long a bank transfer stays processing before it settles. Default 3000. */
  asyncSettleMs?: number;
  /** Default console.log. Secrets are never passed to it. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 12111;
export const DEFAULT_WEBHOOK_URL = 'http://127.0.0.1:8787/api/v1/webhooks/stripe';
export const DEFAULT_ASYNC_SETTLE_MS = 3000;
const EXPIRY_SWEEP_MS = 1000;

function initialSettings(opts: EmulatorOptions): EmulatorSettings {
  return {
    webhookUrl: opts.webhookUrl ?? DEFAULT_WEBHOOK_URL,
    asyncSettleMs: opts.asyncSettleMs ?? DEFAULT_ASYNC_SETTLE_MS,
    delivery: { ...DEFAULT_DELIVERY_OPTIONS, ...opts.delivery },
  };
}

function baseUrlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  if (!opts.secretKey) throw new Error('startEmulator: secretKey is required');
  if (!opts.webhookSecret) throw new Error('startEmulator: webhookSecret is required');
  const log = opts.log ?? ((line: string) => console.log(line));
  const store = new EmulatorStore();
  const scheduler = new Scheduler();
  const settings = initialSettings(opts);
  const ctx: EmulatorContext = {
    store,
    scheduler,
    settings,
    webhooks: new WebhookDispatcher(store, scheduler, settings, opts.webhookSecret, log),
    baseUrl: '',
    log,
  };

  const app = new Hono();
  app.route('/v1', apiRoutes(ctx, opts.secretKey));
  app.route(
    '/_emulator',
    controlRoutes(ctx, {
      reset() {
        scheduler.cancelPending();
        store.reset();
        ctx.webhooks.reset();
        Object.assign(settings, initialSettings(opts));
        log('reset');
      },
    }),
  );
  app.route('/c/pay', checkoutPageRoutes(ctx));
  app.get('/', (c) =>
    c.text(`Creditcast Stripe emulator (test mode). API at ${ctx.baseUrl}/v1, controls at ${ctx.baseUrl}/_emulator.\n`),
  );
  app.onError((error, c) => {
    if (error instanceof StripeApiError) return jsonResponse(c, error.toJSON(), error.status);
    log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
    return jsonResponse(c, { error: { type: 'api_error', message: 'The emulator failed on this request.' } }, 500);
  });
  app.notFound((c) =>
    jsonResponse(
      c,
      {
        error: { type: 'invalid_request_error', message: `Unrecognized request URL (${c.req.method}: ${c.req.path}).` },
      },
      404,
    ),
  );

  const server = createAdaptorServer({ fetch: app.fetch });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ctx.baseUrl = baseUrlFor(host, port);
  scheduler.every(EXPIRY_SWEEP_MS, () => expireDueSessions(ctx));

  let closing: Promise<void> | undefined;
  return {
    url: ctx.baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        scheduler.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from SDK clients would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
