// CSRF defence: state-changing requests from a browser must come from the app's own origin.
//
// Hono's csrf() only inspects form-like content types (the "simple requests" a foreign page can
// send without a preflight). We check every unsafe method, whatever its content type, because the
// session cookie is SameSite=Lax and a same-site sibling could otherwise still post JSON.
// Requests without Origin or Sec-Fetch-Site come from non-browser clients, which hold no ambient
// cookie to abuse, so they pass. "Our origin" is APP_ORIGIN from configuration, never the Host
// header (which whoever sends the request chooses).
import { createMiddleware } from 'hono/factory';
import { appOrigin } from '../app-origin';
import type { AppEnv } from '../env';
import { forbidden } from '../errors';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

export function isForeignOrigin(env: Pick<Env, 'APP_ORIGIN'>, origin: string | undefined, fetchSite?: string) {
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  return origin !== undefined && origin !== appOrigin(env).origin;
}

export const requireSameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (!SAFE_METHOD.test(c.req.method)) {
    // Checked first, with or without an Origin header: a missing APP_ORIGIN fails every
    // state-changing call before it writes anything (not half-way, after an account is made).
    appOrigin(c.env);
    if (isForeignOrigin(c.env, c.req.header('origin'), c.req.header('sec-fetch-site'))) {
      throw forbidden('cross_origin', 'Cross-origin requests are not allowed.');
    }
  }
  await next();
});
