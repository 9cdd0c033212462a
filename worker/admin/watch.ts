// GET /api/admin/users/{id}/live: an operator watches a user's balance over the same push as the
// user's own pages. The operator's session is checked at the edge (the admin router); the socket
// joins the watched user's BalanceRoom with a fresh snapshot from D1, tagged with the operator's
// session so it ends with that session or the role (worker/live/watchers.ts). Nobody else may do this.
import type { Context } from 'hono';
import { findAccount } from '../accounts/users';
import type { AppEnv } from '../env';
import { forbidden, notFound, upgradeRequired } from '../errors';
import { SESSION_HEADER, SNAPSHOT_HEADER } from '../live/balance-room';
import { snapshotOf } from '../live/messages';
import { roomFor } from '../live/publisher';
import { WATCHER_HEADER } from '../live/watchers';
import { isForeignOrigin } from '../middleware/same-origin';

export async function watchUser(c: Context<AppEnv>) {
  if (isForeignOrigin(c.env, c.req.header('origin'))) {
    throw forbidden('cross_origin', 'Cross-origin WebSocket connections are not allowed.');
  }
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw upgradeRequired('This endpoint speaks WebSocket only.');
  }
  const account = await findAccount(c.var.db, { id: c.req.param('id') ?? '' });
  if (!account) throw notFound('user_not_found', 'No such user.');
  const headers = new Headers(c.req.raw.headers);
  headers.set(SNAPSHOT_HEADER, JSON.stringify(snapshotOf(account)));
  // The socket belongs to the operator's session: their logout closes it (through their own room,
  // which remembers what each session watches), and the watched room re-checks it every few seconds.
  const session = c.var.session.tokenHash;
  headers.set(SESSION_HEADER, session);
  headers.set(WATCHER_HEADER, '1');
  await roomFor(c.env, c.var.user.id).noteWatch(session, account.id);
  return roomFor(c.env, account.id).fetch(new Request(c.req.raw, { headers }));
}
