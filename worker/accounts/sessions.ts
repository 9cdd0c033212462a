// Sessions: a random 32-byte token in an HttpOnly cookie; only its SHA-256 is stored in D1.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { type AccountState, type AccountStateRow, accountStateColumns, toAccountState } from '../ledger/state';
import type { UserRole } from '../vocabulary/roles';

export const SESSION_COOKIE = 'cc_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
}

/** The signed-in user with their money read in the same query (one D1 round trip per request). */
export interface SessionAccount extends SessionUser, Omit<AccountState, 'userId' | 'nextDeadline'> {
  /** Read with every request, so a revoked operator loses access at once. */
  role: UserRole;
}

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A session's id: the SHA-256 of its token (what D1 stores; live sockets are tagged with it). */
export async function hashToken(token: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
}

/** What the account page shows of a browser's User-Agent header is cut to this length. */
const USER_AGENT_MAX = 256;

/** Creates a session and returns the raw token (to put in the cookie; never stored). */
export async function createSession(db: Db, userId: string, now = Date.now(), userAgent?: string): Promise<string> {
  const token = toHex(crypto.getRandomValues(new Uint8Array(32)));
  await db.run(sql`
    INSERT INTO sessions (token_hash, user_id, expires_at, user_agent, last_seen_at)
    VALUES (${await hashToken(token)}, ${userId}, ${now + SESSION_TTL_MS}, ${userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null}, ${now})`);
  return token;
}

/** The session a request came in on: its id (token hash) and when it was last seen. */
export interface CurrentSession {
  tokenHash: string;
  lastSeenAt: number | null;
}

/** The user behind a token (and the session itself), or null when the token is unknown, expired or revoked. */
export async function findSessionUser(
  db: Db,
  token: string,
  now = Date.now(),
): Promise<{ user: SessionAccount; session: CurrentSession } | null> {
  const tokenHash = await hashToken(token);
  const [row] = await db.all<AccountStateRow & { email: string; role: UserRole; last_seen_at: number | null }>(
    sql`SELECT u.email, u.role, s.last_seen_at, ${accountStateColumns(now)} FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash} AND s.expires_at > ${now} LIMIT 1`,
  );
  if (!row) return null;
  const { userId, nextDeadline: _, ...money } = toAccountState(row);
  return {
    user: { id: userId, email: row.email, role: row.role, ...money },
    session: { tokenHash, lastSeenAt: row.last_seen_at },
  };
}

/**
 * Revokes a session server-side: the cookie stops working even if a copy survives. Returns whose
 * session it was (and its id) so the caller can close its live sockets; null if it was unknown.
 */
export async function revokeSession(db: Db, token: string): Promise<{ userId: string; tokenHash: string } | null> {
  const tokenHash = await hashToken(token);
  const [row] = await db.all<{ user_id: string }>(
    sql`DELETE FROM sessions WHERE token_hash = ${tokenHash} RETURNING user_id`,
  );
  return row ? { userId: row.user_id, tokenHash } : null;
}

/** Housekeeping for the cron: expired sessions are useless rows. */
export async function deleteExpiredSessions(db: Db, now = Date.now()): Promise<void> {
  await db.run(sql`DELETE FROM sessions WHERE expires_at < ${now}`);
}
