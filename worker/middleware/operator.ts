// Admin routes: a session (401 otherwise) of a user whose role is `operator` (403 otherwise). The
// role is read with the session on every request, so revoking it takes effect at once.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

export const forbidden = () => new AppError(403, 'forbidden', 'This needs an operator account.');

/** Use after requireUser. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  if (c.var.user.role !== 'operator') throw forbidden();
  await next();
});
