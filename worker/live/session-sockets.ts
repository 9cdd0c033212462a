// Ending a session also ends its live sockets: each BalanceRoom socket is tagged with the token hash
// of the session that opened it (worker/routes/live.ts), and closeSession closes exactly those.
import { roomFor } from './publisher';

/** Closes the live sockets of the given sessions of one user; never fails the caller. */
export async function closeSessionSockets(env: Env, userId: string, tokenHashes: string[]): Promise<void> {
  if (tokenHashes.length === 0) return;
  const room = roomFor(env, userId);
  try {
    await Promise.all(tokenHashes.map((hash) => room.closeSession(hash)));
  } catch (err) {
    // The sessions are revoked either way; their sockets then end at their next reconnect.
    console.error(JSON.stringify({ msg: 'close_session_sockets_failed', userId, error: String(err) }));
  }
}
