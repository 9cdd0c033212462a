// GET /{locale}/enter?token=cct_…&next=/{locale}/…: an app sends its signed-in user to the hosted
// site (history, account, plans). The browser token is spent once for a session cookie here, then
// 303 to `next` — a path on this site only. A top-level navigation carries no Origin header, so the
// origin rule cannot apply: single use and a short life are the protection (docs/security.md).
// Served by the Worker before the static site (wrangler.toml run_worker_first).
import { Hono } from 'hono/tiny';
import { createSession } from '../accounts/sessions';
import { consumeForEnter } from '../apps/browser-tokens';
import type { AppEnv } from '../env';
import { setSessionCookie } from '../middleware/auth';
import { withDb } from '../middleware/db';
import type { Locale } from '../vocabulary/locales';

/** The notice the sign-in page is sent with when a token cannot be used (used, expired, revoked). */
export const ENTER_FAILED_NOTICE = 'enter_link_expired';

/** Path characters allowed as they are; `%` is not (no encoded slash or backslash can slip through). */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
/** A query or fragment: printable ASCII without a backslash. */
const PLAIN_REST = /^[\x21-\x5b\x5d-\x7e]*$/;

/**
 * `next` if it is a path on this site under `/{locale}/`, else `/{locale}/`. Only a plain path
 * passes: no scheme, no `//host`, no backslash, no percent-encoding in the path, and nothing that
 * normalises (`..`) out of the locale.
 */
export function safeNext(next: string | undefined, locale: Locale): string {
  const home = `/${locale}/`;
  if (!next?.startsWith(home)) return home;
  const cut = next.search(/[?#]/);
  const path = cut === -1 ? next : next.slice(0, cut);
  const rest = cut === -1 ? '' : next.slice(cut);
  if (!PLAIN_PATH.test(path) || !PLAIN_REST.test(rest)) return home;
  const base = 'https://creditcast.invalid';
  const url = new URL(next, base);
  if (url.origin !== base || !url.pathname.startsWith(home) || url.pathname.startsWith('//')) return home;
  return url.pathname + url.search + url.hash;
}

export const enterRoutes = new Hono<AppEnv>().use(withDb).get('/:locale{en|zh}/enter', async (c) => {
  const locale = c.req.param('locale') as Locale;
  c.header('Cache-Control', 'no-store');
  const userId = await consumeForEnter(c.var.db, c.req.query('token'));
  if (!userId) return c.redirect(`/${locale}/signin?notice=${ENTER_FAILED_NOTICE}`, 303);
  const session = await createSession(c.var.db, userId, Date.now(), c.req.header('user-agent'));
  setSessionCookie(c, session);
  return c.redirect(safeNext(c.req.query('next'), locale), 303);
});
