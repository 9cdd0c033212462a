// Admin routes: a session (401 otherwise) of a user whose role is `operator` (403 otherwise). The
// role is read with the session on every request, so revoking it takes effect at once.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { forbidden } from '../errors';

export const notAnOperator = () => forbidden('forbidden', 'This needs an operator account.');

/** Use after requireUser. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.user.role !== 'operator') throw notAnOperator();
  await next();
});
