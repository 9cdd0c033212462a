// The Worker's entry: wires middleware and routers, and exports the fetch and scheduled handlers
// and the BalanceRoom Durable Object. No logic lives here.
import { Hono } from 'hono';
import type { AppEnv } from './env';
import { onError, onNotFound } from './errors';
import { JSON_BODY_LIMIT, limitBody } from './middleware/body-limit';
import { withDb } from './middleware/db';
import { requireSameOrigin } from './middleware/same-origin';
import { authRoutes } from './routes/auth';
import { creditRoutes } from './routes/credits';
import { liveRoutes } from './routes/live';

export { BalanceRoom } from './live/balance-room';

const api = new Hono<AppEnv>()
  .get('/health', (c) => c.json({ ok: true }))
  .use(withDb, requireSameOrigin, limitBody(JSON_BODY_LIMIT))
  .route('/auth', authRoutes)
  .route('/credits', creditRoutes)
  .route('/balance', liveRoutes);

export const app = new Hono<AppEnv>().route('/api', api);
app.onError(onError);
app.notFound(onNotFound);

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
