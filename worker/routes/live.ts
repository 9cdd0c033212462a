// GET /api/balance/live: authenticates the socket here, at the edge, then hands it to the user's
// BalanceRoom with a fresh snapshot from D1 (the source of truth).
import { Hono } from 'hono';
import { hashToken } from '../accounts/sessions';
import type { AppEnv } from '../env';
import { forbidden, upgradeRequired } from '../errors';
import { SESSION_HEADER, SNAPSHOT_HEADER } from '../live/balance-room';
import { snapshotOf } from '../live/messages';
import { roomFor } from '../live/publisher';
import { readSessionToken, requireUser } from '../middleware/auth';
import { isForeignOrigin } from '../middleware/same-origin';

export const liveRoutes = new Hono<AppEnv>().get(
  '/live',
  async (c, next) => {
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
    const headers = new Headers(c.req.raw.headers);
    headers.set(SNAPSHOT_HEADER, JSON.stringify(snapshotOf(account)));
    // Tags the socket with its session, so logout closes it (requireUser read a valid cookie).
    headers.set(SESSION_HEADER, await hashToken(readSessionToken(c) ?? ''));
    return roomFor(c.env, account.id).fetch(new Request(c.req.raw, { headers }));
  },
);
