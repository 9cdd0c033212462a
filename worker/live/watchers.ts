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
const watchingKey = (session: string) => `watching:${session}`;

/** In the operator's own room: `session` now watches `userId`. */
export async function rememberWatch(storage: DurableObjectStorage, session: string, userId: string): Promise<void> {
  const watched = (await storage.get<string[]>(watchingKey(session))) ?? [];
  if (!watched.includes(userId)) await storage.put(watchingKey(session), [...watched, userId]);
}

/**
 * In the operator's own room, when `session` ends: closes its watch sockets in every room it
 * watched. Returns how many closed. (A session that merely expires leaves its short list behind;
 * the watched rooms' re-check closes its sockets anyway.)
 */
export async function closeWatchedRooms(storage: DurableObjectStorage, env: Env, session: string): Promise<number> {
  const watched = (await storage.get<string[]>(watchingKey(session))) ?? [];
  if (watched.length === 0) return 0;
  // Forgotten first: an operator watching themselves would otherwise come back here forever.
  await storage.delete(watchingKey(session));
  let closed = 0;
  for (const userId of watched) {
    closed += await env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(userId)).closeSession(session);
  }
  return closed;
}

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
