// CSRF defence: state-changing requests from a browser must come from the app's own origin.
//
// Hono's csrf() only inspects form-like content types (the "simple requests" a foreign page can
// send without a preflight). We check every unsafe method, whatever its content type, because the
// session cookie is SameSite=Lax and a same-site sibling could otherwise still post JSON.
// Requests without Origin or Sec-Fetch-Site come from non-browser clients, which hold no ambient
// cookie to abuse, so they pass.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

export function isForeignOrigin(requestUrl: string, origin: string | undefined, fetchSite?: string) {
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  return origin !== undefined && origin !== new URL(requestUrl).origin;
}

export const requireSameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (
    !SAFE_METHOD.test(c.req.method) &&
    isForeignOrigin(c.req.url, c.req.header('origin'), c.req.header('sec-fetch-site'))
  ) {
    throw new AppError(403, 'cross_origin', 'Cross-origin requests are not allowed.');
  }
  await next();
});
