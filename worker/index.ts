// The Worker's entry: wires middleware and routers, and exports the fetch and scheduled handlers
// and the BalanceRoom Durable Object. No logic lives here.
import { Hono } from 'hono';
import { deleteExpiredSessions } from './accounts/sessions';
import { reconcileRecentSessions } from './billing/reconcile';
import { stripeClient } from './billing/stripe-client';
import { createDb } from './db/client';
import type { AppEnv } from './env';
import { onError, onNotFound } from './errors';
import { createLedger } from './live/publisher';
import { JSON_BODY_LIMIT, limitBody } from './middleware/body-limit';
import { withDb } from './middleware/db';
import { requireSameOrigin } from './middleware/same-origin';
import { authRoutes } from './routes/auth';
import { checkoutRoutes } from './routes/checkout';
import { creditRoutes } from './routes/credits';
import { liveRoutes } from './routes/live';
import { localeRedirect } from './routes/locale-redirect';
import { packRoutes } from './routes/packs';
import { webhookRoutes } from './routes/webhooks';

export { BalanceRoom } from './live/balance-room';

const api = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ ok: true }))
  .use(withDb)
  // Stripe is not a browser: no Origin rule, and its own (larger) body limit.
  .route('/v1/webhooks', webhookRoutes)
  .use(requireSameOrigin, limitBody(JSON_BODY_LIMIT))
  .route('/auth', authRoutes)
  .route('/packs', packRoutes)
  .route('/checkout', checkoutRoutes)
  .route('/credits', creditRoutes)
  .route('/balance', liveRoutes);

export const app = new Hono<AppEnv>().route('/api', api).route('/', localeRedirect);
export type AppType = typeof app;
app.onError(onError);
app.notFound(onNotFound);

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext) {
  const db = createDb(env.DB);
  const ledger = createLedger(db, env, (p) => ctx.waitUntil(p));
  const report = await reconcileRecentSessions(ledger, stripeClient(env), controller.scheduledTime);
  await deleteExpiredSessions(db);
  console.log(JSON.stringify({ msg: 'reconcile', cron: controller.cron, ...report }));
}

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
