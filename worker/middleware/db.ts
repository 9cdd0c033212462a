// Sets c.var.db: the drizzle client over this request's D1 binding (and the ledger's low-balance default).
import { createMiddleware } from 'hono/factory';
import { createDb } from '../db/client';
import type { AppEnv } from '../env';
import { configureLowBalanceDefault } from '../ledger/outbox';

export const withDb = createMiddleware<AppEnv>(async (c, next) => {
  c.set('db', createDb(c.env.DB));
  // Every move's outbox reads the deployment's low-balance default (ledger/outbox.ts).
  configureLowBalanceDefault(c.env.LOW_BALANCE_CREDITS);
  await next();
});
