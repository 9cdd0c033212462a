// What each BalanceRoom socket carries across hibernation (its attachment), and closing one quietly.

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
