// The BalanceRoom's sockets: what each carries across hibernation (its attachment, read from the
// Worker's headers), the per-user cap, sending one frame to all, and closing them quietly.
import { CLOSE_SESSION_ENDED, SESSION_ENDED_REASON } from './protocol';

/** The Worker passes the D1 snapshot (a BalanceMessage without change) when forwarding a socket. */
export const SNAPSHOT_HEADER = 'x-balance-snapshot';
/** …and the id of the session that opened it (its token hash), so logout can close its sockets. */
export const SESSION_HEADER = 'x-balance-session';
/** …or, for a socket a browser token opened, the id of the API key that minted it. */
export const KEY_HEADER = 'x-balance-key';

/** Open sockets per user; connecting one more closes the oldest. */
export const MAX_SOCKETS_PER_USER = 50;
export const CLOSE_TOO_MANY_SOCKETS = 4002;
/** RFC 6455 "policy violation": the client sent something other than `ping`. */
export const CLOSE_POLICY_VIOLATION = 1008;

/** Kept on each socket with serializeAttachment: it survives hibernation, instance fields don't. */
export interface SocketAttachment {
  /** The token hash of the session that opened it: the user's own, or the watching operator's. */
  session: string;
  openedAt: number;
  /** An operator watching this room's user (GET /api/admin/users/{id}/live), not the user. */
  watcher?: true;
  /** Opened with a browser token (worker/apps): the minting API key's id; revoking the key closes it. */
  key?: string;
}

/**
 * What a socket the Worker forwarded with `headers` carries from now on. `watcher` is read by the
 * room (watchers.ts owns its header, and the room arms the watchers' re-check from it too).
 */
export function attachmentFrom(headers: Headers, watcher: boolean, now: number): SocketAttachment {
  const key = headers.get(KEY_HEADER);
  return {
    session: headers.get(SESSION_HEADER) ?? '',
    openedAt: now,
    ...(watcher ? { watcher: true } : {}),
    ...(key ? { key } : {}),
  };
}

export function attachmentOf(socket: WebSocket): SocketAttachment | null {
  return socket.deserializeAttachment() as SocketAttachment | null;
}

export function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // already closed
  }
}

/** One user, at most MAX_SOCKETS_PER_USER sockets: the oldest make room (a forgotten tab, a leak). */
export function closeOldestBeyondCap(sockets: WebSocket[]): void {
  const open = sockets
    .filter((socket) => socket.readyState === WebSocket.OPEN)
    .sort((a, b) => (attachmentOf(a)?.openedAt ?? 0) - (attachmentOf(b)?.openedAt ?? 0));
  for (const socket of open.slice(0, Math.max(0, open.length - MAX_SOCKETS_PER_USER))) {
    closeQuietly(socket, CLOSE_TOO_MANY_SOCKETS, 'too many open sockets');
  }
}

/** Sends one frame to every socket; returns how many took it. */
export function broadcast(sockets: WebSocket[], frame: string): number {
  let sent = 0;
  for (const socket of sockets) {
    try {
      socket.send(frame);
      sent++;
    } catch {
      // A socket that is closing; its close handler cleans up.
    }
  }
  return sent;
}

/** Ends (as a signed-out session: the client must not reconnect) each socket `ended` picks; returns how many. */
export function closeEnded(sockets: WebSocket[], ended: (attachment: SocketAttachment | null) => boolean): number {
  let closed = 0;
  for (const socket of sockets) {
    if (!ended(attachmentOf(socket))) continue;
    closeQuietly(socket, CLOSE_SESSION_ENDED, SESSION_ENDED_REASON);
    closed++;
  }
  return closed;
}
