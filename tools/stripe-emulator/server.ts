// The emulator's front door: startEmulator() wires the store, webhook delivery and routers, and listens.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { StripeApiError } from './core/stripe-errors';
import { resumeSettlements } from './domain/bank-transfers';
import { expireDueSessions } from './domain/checkout-sessions';
import { resumeTestClocks } from './domain/test-clocks';
import { checkoutPageRoutes } from './pages/checkout-page';
import { portalPageRoutes } from './pages/portal-page';
import { receiptPageRoutes } from './pages/receipt-pages';
import { apiRoutes } from './routes/api-routes';
import { controlRoutes } from './routes/control-routes';
import { jsonResponse } from './routes/json-response';
import type { EmulatorContext, EmulatorSettings } from './runtime/context';
import { loadState, StatePersister } from './runtime/persistence';
import { Scheduler } from './runtime/scheduler';
import { EmulatorStore } from './runtime/store';
import { DEFAULT_DELIVERY_OPTIONS, type DeliveryOptions, WebhookDispatcher } from './runtime/webhooks';

export type { DeliveryOptions } from './runtime/webhooks';
export { stripeSignatureHeader } from './runtime/webhooks';

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
  /**
   * Where to keep state across restarts (JSON; written atomically). Unset or '': in memory only.
   * A missing or corrupt file starts empty.
   */
  stateFile?: string;
  /** How long changes gather before one write of the state file. Default 10. */
  saveDebounceMs?: number;
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
export const DEFAULT_SAVE_DEBOUNCE_MS = 10;
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
  let persister: StatePersister | undefined;
  if (opts.stateFile) {
    loadState(opts.stateFile, store, log);
    persister = new StatePersister(opts.stateFile, store, opts.saveDebounceMs ?? DEFAULT_SAVE_DEBOUNCE_MS, log);
  }
  const changed = () => persister?.changed();
  const scheduler = new Scheduler();
  const settings = initialSettings(opts);
  const ctx: EmulatorContext = {
    store,
    scheduler,
    settings,
    webhooks: new WebhookDispatcher(store, scheduler, settings, opts.webhookSecret, log, changed),
    baseUrl: '',
    log,
    changed,
  };

  const app = new Hono();
  // Whatever a POST changed is on disk before the client hears of it, as with Stripe: a crash right
  // after a 200 loses nothing the client was told (group commit: requests within saveDebounceMs share a write).
  app.use('*', async (c, next) => {
    await next();
    if (persister && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      persister.changed();
      await persister.committed();
    }
  });
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
  app.route('/p', portalPageRoutes(ctx));
  app.route('/', receiptPageRoutes(ctx));
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
  // Work that was due when the state was saved goes on: deliveries (and their retries) and settlements.
  const resumed = ctx.webhooks.resume();
  const settlements = resumeSettlements(ctx);
  const clocks = resumeTestClocks(ctx);
  if (clocks > 0) log(`resumed ${clocks} test clock advances`);
  if (resumed + settlements > 0) log(`resumed ${resumed} pending deliveries, ${settlements} bank transfer settlements`);

  let closing: Promise<void> | undefined;
  return {
    url: ctx.baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        scheduler.stop();
        persister?.close(); // after stop: a delivery cut off in flight stays pending in the file
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from SDK clients would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
