// Which operator sessions may still watch a user's balance: the session exists, has not expired,
// and its user is still an operator. Asked by a BalanceRoom about its watch sockets, because a role
// revoked with `npm run admin -- revoke` changes D1 alone and nothing else would tell the room.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** The subset of `tokenHashes` (at most 50: a room's socket cap) that are live operator sessions. */
export async function liveOperatorSessions(db: Db, tokenHashes: string[], now = Date.now()): Promise<Set<string>> {
  if (tokenHashes.length === 0) return new Set();
  const rows = await db.all<{ token_hash: string }>(
    sql`SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash IN (${sql.join(
          tokenHashes.map((hash) => sql`${hash}`),
          sql`, `,
        )}) AND s.expires_at > ${now} AND u.role = 'operator'`,
  );
  return new Set(rows.map((row) => row.token_hash));
}
