// GET /api/balance/live: authenticates the socket here, at the edge (the session cookie, or an app's
// browser token in `?token=`), then hands it to the user's BalanceRoom with a fresh snapshot from D1
// (the source of truth).
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { hashToken } from '../accounts/sessions';
import { findAccount } from '../accounts/users';
import { authenticateToken, invalidToken } from '../apps/token-auth';
import type { AppEnv } from '../env';
import { forbidden, upgradeRequired } from '../errors';
import { KEY_HEADER, SESSION_HEADER, SNAPSHOT_HEADER } from '../live/balance-room';
import { snapshotOf } from '../live/messages';
import { roomFor } from '../live/publisher';
import { WATCHER_HEADER } from '../live/watchers';
import { readSessionToken, requireUser } from '../middleware/auth';
import { isForeignOrigin } from '../middleware/same-origin';

export const liveRoutes = new Hono<AppEnv>().get(
  '/live',
  async (c, next) => {
    // An app's page: the token decides, never a cookie the browser may also hold.
    const token = c.req.query('token');
    if (token !== undefined) return liveWithToken(c, token);
    // Cross-site WebSocket hijacking: the browser sends the cookie on a foreign page's socket too,
    // so the Origin must be ours.
    if (isForeignOrigin(c.env, c.req.header('origin'))) {
      throw forbidden('cross_origin', 'Cross-origin WebSocket connections are not allowed.');
    }
    await next();
  },
  requireUser,
  async (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw upgradeRequired('This endpoint speaks WebSocket only.');
    }
    const account = c.var.user;
    const headers = forwardedHeaders(c);
    headers.set(SNAPSHOT_HEADER, JSON.stringify(snapshotOf(account)));
    // Tags the socket with its session, so logout closes it (requireUser read a valid cookie).
    headers.set(SESSION_HEADER, await hashToken(readSessionToken(c) ?? ''));
    return roomFor(c.env, account.id).fetch(new Request(c.req.raw, { headers }));
  },
);

/** The request's headers minus the room's own (only this Worker may say what a socket is). */
function forwardedHeaders(c: Context<AppEnv>): Headers {
  const headers = new Headers(c.req.raw.headers);
  for (const name of [KEY_HEADER, WATCHER_HEADER, SESSION_HEADER, SNAPSHOT_HEADER]) headers.delete(name);
  return headers;
}

/**
 * A socket opened with a browser token: 401 / 403 before the upgrade, then tagged with the key
 * (revoking it closes the socket) and a session id no login session can have. Like a cookie, the
 * token is checked when the socket connects: an open socket outlives its expiry (the client fetches
 * a fresh token for its next connect), never its key's revocation or its user's closing.
 */
async function liveWithToken(c: Context<AppEnv>, token: string): Promise<Response> {
  const { userId, keyId } = await authenticateToken(c.var.db, token, c.req.header('origin'));
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw upgradeRequired('This endpoint speaks WebSocket only.');
  }
  const account = await findAccount(c.var.db, { id: userId });
  if (!account) throw invalidToken();
  const headers = forwardedHeaders(c);
  headers.set(SNAPSHOT_HEADER, JSON.stringify(snapshotOf(account)));
  headers.set(SESSION_HEADER, `token:${await hashToken(token)}`);
  headers.set(KEY_HEADER, keyId);
  return roomFor(c.env, userId).fetch(new Request(c.req.raw, { headers }));
}
