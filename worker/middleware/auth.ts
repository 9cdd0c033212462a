// Sets c.var.user from the session cookie, or answers 401 before the route runs.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { touchSession } from '../accounts/session-list';
import { findSessionUser, SESSION_COOKIE, SESSION_TTL_MS } from '../accounts/sessions';
import { appOrigin } from '../app-origin';
import type { AppEnv } from '../env';
import { unauthorized } from '../errors';

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  const found = token ? await findSessionUser(c.var.db, token) : null;
  if (!found) throw unauthorized();
  c.set('user', found.user);
  c.set('session', found.session);
  // "Last seen" on the account page; a write at most every few minutes per session, off the response path.
  const touch = touchSession(c.var.db, found.session);
  if (touch) c.executionCtx.waitUntil(touch);
  await next();
});

export function readSessionToken(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/**
 * Secure exactly when the app is served over https (APP_ORIGIN, not the request's URL, which the
 * Host header decides). Browsers drop Secure cookies on plain http: local development is the
 * exception APP_ORIGIN allows.
 */
function secureCookie(c: Context<AppEnv>): boolean {
  return appOrigin(c.env).protocol === 'https:';
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: secureCookie(c),
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c) });
}
