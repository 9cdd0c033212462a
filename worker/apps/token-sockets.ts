// Ending browser-token sockets: a revoked key's in every room it minted tokens for, a closed user's
// in their own room. Sockets are tagged with their key id (worker/live/sockets.ts) when opened.
import type { Db } from '../db/client';
import { roomFor } from '../live/publisher';
import { tokenUsersOfKey } from './browser-tokens';

/** Rooms asked at once; a key with many users is closed in waves so one revocation stays bounded. */
const WAVE = 50;

/** Closes every socket key `keyId`'s tokens opened (4001); never fails the caller. */
export async function closeKeySockets(env: Env, db: Db, keyId: string): Promise<number> {
  let closed = 0;
  try {
    const userIds = await tokenUsersOfKey(db, keyId);
    for (let i = 0; i < userIds.length; i += WAVE) {
      const counts = await Promise.all(
        userIds.slice(i, i + WAVE).map((userId) => roomFor(env, userId).closeTokenSockets(keyId)),
      );
      closed += counts.reduce((a, b) => a + b, 0);
    }
  } catch (err) {
    // The key is revoked either way: its sockets cannot reconnect, and every other use is refused.
    console.error(JSON.stringify({ msg: 'close_key_sockets_failed', keyId, error: String(err) }));
  }
  return closed;
}

/** Closes every token socket of a user who closed their account (4001); never fails the caller. */
export async function closeUserTokenSockets(env: Env, userId: string): Promise<void> {
  try {
    await roomFor(env, userId).closeTokenSockets();
  } catch (err) {
    console.error(JSON.stringify({ msg: 'close_user_token_sockets_failed', userId, error: String(err) }));
  }
}
