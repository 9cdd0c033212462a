// Sets c.var.apiKey from `Authorization: Bearer cck_…`, or answers 401 invalid_api_key before the
// route runs. Every request looks the key's hash up, so a revoked key stops working at once.

import { createMiddleware } from 'hono/factory';
import { Hono } from 'hono/tiny';
import { findApiKey } from '../accounts/api-keys';
import type { AppEnv } from '../env';
import { unauthorized } from '../errors';

export const invalidApiKey = () =>
  unauthorized('invalid_api_key', 'A valid API key is required: Authorization: Bearer cck_…');

export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  // Two routers mounted on one prefix (/api/v1/users) each run it: the key is looked up once.
  if (c.get('apiKey')) return next();
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  const found = match?.[1] ? await findApiKey(c.var.db, match[1]) : null;
  if (!found) throw invalidApiKey();
  if (found.touch) c.executionCtx.waitUntil(found.touch);
  c.set('apiKey', found.key);
  await next();
});

/** A router of the service API (`/api/v1`): every route on it needs an API key. */
export const keyedRoutes = () => new Hono<AppEnv>().use(requireApiKey);
