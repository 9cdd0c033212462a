// The Worker's entry: wires middleware and routers, and exports the fetch, scheduled and queue handlers
// and the BalanceRoom Durable Object. No logic lives here.
import { Hono } from 'hono/tiny';
import { adminRoutes } from './admin/routes';
import { scheduled } from './cron';
import { createDb } from './db/client';
import type { AppEnv } from './env';
import { onError, onNotFound } from './errors';
import { JSON_BODY_LIMIT, limitBody } from './middleware/body-limit';
import { withDb } from './middleware/db';
import { requireSameOrigin } from './middleware/same-origin';
import { securityHeaders } from './middleware/security-headers';
import { accountRoutes } from './routes/account';
import { authRoutes } from './routes/auth';
import { autoTopupRoutes } from './routes/auto-topup';
import { checkoutRoutes } from './routes/checkout';
import { creditRoutes } from './routes/credits';
import { embedRoutes } from './routes/embed';
import { embedScriptRoutes } from './routes/embed-script';
import { enterRoutes } from './routes/enter';
import { configRoutes, historyRoutes, receiptRoutes } from './routes/history';
import { holdRoutes } from './routes/holds';
import { liveRoutes } from './routes/live';
import { localeRedirect } from './routes/locale-redirect';
import { packRoutes } from './routes/packs';
import { studioRoutes } from './routes/studio';
import { subscriptionRoutes } from './routes/subscriptions';
import { webhookRoutes } from './routes/webhooks';
import { serviceRoutes } from './service/routes';
import { deliverBatch } from './webhooks/delivery';
import type { WebhookMessage } from './webhooks/drain';

export { BalanceRoom } from './live/balance-room';

const api = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ ok: true }))
  .use(withDb)
  // Stripe is not a browser: no Origin rule, and its own (larger) body limit.
  .route('/v1/webhooks', webhookRoutes)
  // The app's own backend: API keys, not cookies, so no Origin rule either.
  .route('/v1', serviceRoutes)
  // An app's pages, cross-origin with a browser token (CORS per the key's origins), never a cookie.
  .route('/embed', embedRoutes)
  .use(requireSameOrigin, limitBody(JSON_BODY_LIMIT))
  .route('/auth', authRoutes)
  .route('/account', accountRoutes)
  .route('/packs', packRoutes)
  .route('/checkout', checkoutRoutes)
  .route('/auto-topup', autoTopupRoutes)
  .route('/credits/holds', holdRoutes)
  .route('/credits', creditRoutes)
  .route('/balance', liveRoutes)
  .route('/admin', adminRoutes)
  .route('/studio', studioRoutes)
  // Plans and subscriptions: /plans, /subscriptions/checkout, /subscription, /billing/portal.
  .route('/', subscriptionRoutes)
  // History, receipts and the public config.
  .route('/history', historyRoutes)
  .route('/receipts', receiptRoutes)
  .route('/config', configRoutes);

export const app = new Hono<AppEnv>()
  .use(securityHeaders)
  .route('/api', api)
  .route('/', localeRedirect)
  // An app's way into the site (a browser token for a session), and its pages' client script.
  .route('/', enterRoutes)
  .route('/', embedScriptRoutes);
export type AppType = typeof app;
app.onError(onError);
app.notFound(onNotFound);

export default {
  fetch: app.fetch,
  scheduled,
  // Webhooks out: the outbox's messages, delivered to the app's endpoints (worker/webhooks).
  queue: (batch, env) => deliverBatch(createDb(env.DB), batch, env),
} satisfies ExportedHandler<Env, WebhookMessage>;
