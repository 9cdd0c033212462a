// GET /api/balance/live: authenticates the socket here, at the edge, then hands it to the user's
// BalanceRoom with a fresh snapshot from D1 (the source of truth).
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import { SNAPSHOT_HEADER } from '../live/balance-room';
import { snapshotOf } from '../live/messages';
import { roomFor } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { isForeignOrigin } from '../middleware/same-origin';

export const liveRoutes = new Hono<AppEnv>().get(
  '/live',
  async (c, next) => {
    // Cross-site WebSocket hijacking: the browser sends the cookie on a foreign page's socket too,
    // so the Origin must be ours.
    if (isForeignOrigin(c.req.url, c.req.header('origin'))) {
      throw new AppError(403, 'cross_origin', 'Cross-origin WebSocket connections are not allowed.');
    }
    await next();
  },
  requireUser,
  async (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new AppError(426, 'upgrade_required', 'This endpoint speaks WebSocket only.');
    }
    const account = c.var.user;
    const headers = new Headers(c.req.raw.headers);
    headers.set(SNAPSHOT_HEADER, JSON.stringify(snapshotOf(account)));
    return roomFor(c.env, account.id).fetch(new Request(c.req.raw, { headers }));
  },
);
