// Operators watching a user's room. A watch socket belongs to the operator's session, not to the
// watched user: logout, a password change or closing the account close it at once (the operator's
// own room remembers which rooms each session watches), and every few seconds the watched room
// re-checks its watchers against D1, which is what ends them after `npm run admin -- revoke`.
import { liveOperatorSessions } from '../accounts/watch-access';
import type { Db } from '../db/client';
import { CLOSE_SESSION_ENDED, SESSION_ENDED_REASON } from './protocol';
import { attachmentOf, closeQuietly } from './sockets';

/** The Worker marks a forwarded socket as an operator's watch with this header (value `1`). */
export const WATCHER_HEADER = 'x-balance-watcher';
/** How often a room with watchers re-checks them: a revoked operator sees frames this long at most. */
export const WATCH_CHECK_MS = 5_000;
/** Storage key, in the operator's own room, of the users one of their sessions watches. */
export const watchingKey = (session: string) => `watching:${session}`;

/**
 * Closes (4001, as for a user's ended session) every watch socket whose session is gone, expired
 * or no longer an operator's. Returns how many watch sockets stay open.
 */
export async function closeEndedWatchers(db: Db, sockets: WebSocket[], now = Date.now()): Promise<number> {
  const watchers = sockets.filter((socket) => attachmentOf(socket)?.watcher && socket.readyState === WebSocket.OPEN);
  if (watchers.length === 0) return 0;
  const sessions = [...new Set(watchers.map((socket) => attachmentOf(socket)?.session ?? ''))];
  const live = await liveOperatorSessions(db, sessions, now);
  let open = 0;
  for (const socket of watchers) {
    if (live.has(attachmentOf(socket)?.session ?? '')) open++;
    else closeQuietly(socket, CLOSE_SESSION_ENDED, SESSION_ENDED_REASON);
  }
  return open;
}
