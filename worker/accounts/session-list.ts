// A user's own sessions, as the account page sees and ends them: list, sign out one, sign out every
// other, sign out all; and the throttled "last seen" refresh. Ending a session here deletes its row;
// closing its live sockets is the caller's (worker/routes/account.ts), with the token hashes returned.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isoOrNull } from '../db/dates';
import type { CurrentSession } from './sessions';

/** "Last seen" is refreshed no more often than this: one D1 write per session per 5 minutes at most. */
export const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;
/**
 * The id the page uses for a session: the first 16 hex characters of its token hash. Not a
 * credential (the hash of a hash-preimage-resistant token), and always looked up within one user.
 */
const PUBLIC_ID_LENGTH = 16;

export interface SessionSummary {
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  userAgent: string | null;
  current: boolean;
}

export function publicSessionId(tokenHash: string): string {
  return tokenHash.slice(0, PUBLIC_ID_LENGTH);
}

/** The user's unexpired sessions, most recently used first, the current one marked. */
export async function listSessions(db: Db, userId: string, currentHash: string, now = Date.now()) {
  const rows = await db.all<{
    tokenHash: string;
    createdAt: number;
    lastSeenAt: number | null;
    userAgent: string | null;
  }>(
    sql`SELECT token_hash AS tokenHash, created_at AS createdAt, last_seen_at AS lastSeenAt, user_agent AS userAgent
        FROM sessions WHERE user_id = ${userId} AND expires_at > ${now}
        ORDER BY coalesce(last_seen_at, created_at) DESC`,
  );
  return rows.map(
    (row): SessionSummary => ({
      id: publicSessionId(row.tokenHash),
      createdAt: new Date(row.createdAt).toISOString(),
      lastSeenAt: isoOrNull(row.lastSeenAt),
      userAgent: row.userAgent,
      current: row.tokenHash === currentHash,
    }),
  );
}

/** Ends one of the user's sessions by its public id; returns its token hash, or null if it is not theirs. */
export async function revokeSessionById(db: Db, userId: string, id: string): Promise<string | null> {
  if (!/^[0-9a-f]{16}$/.test(id)) return null;
  const [row] = await db.all<{ token_hash: string }>(
    sql`DELETE FROM sessions WHERE user_id = ${userId} AND substr(token_hash, 1, ${PUBLIC_ID_LENGTH}) = ${id}
        RETURNING token_hash`,
  );
  return row?.token_hash ?? null;
}

/** Ends every session of the user except `keepHash` (all of them when null); returns the ended hashes. */
export async function revokeOtherSessions(db: Db, userId: string, keepHash: string | null): Promise<string[]> {
  const rows = await db.all<{ token_hash: string }>(
    sql`DELETE FROM sessions WHERE user_id = ${userId} AND token_hash IS NOT ${keepHash} RETURNING token_hash`,
  );
  return rows.map((row) => row.token_hash);
}

/** Refreshes `last_seen_at` when it is older than LAST_SEEN_EVERY_MS; null (no write) otherwise. */
export function touchSession(db: Db, session: CurrentSession, now = Date.now()): Promise<unknown> | null {
  if (session.lastSeenAt !== null && now - session.lastSeenAt < LAST_SEEN_EVERY_MS) return null;
  return db
    .run(sql`UPDATE sessions SET last_seen_at = ${now} WHERE token_hash = ${session.tokenHash}`)
    .then(undefined, (err) => console.error(JSON.stringify({ msg: 'session_touch_failed', error: String(err) })));
}
