// Sessions: a random 32-byte token in an HttpOnly cookie; only its SHA-256 is stored in D1.
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { sessions, users } from '../db/schema';

export const SESSION_COOKIE = 'cc_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
}

/** The signed-in user with the balance read in the same query (one D1 round trip per request). */
export interface SessionAccount extends SessionUser {
  credits: number;
  version: number;
}

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A session's id: the SHA-256 of its token (what D1 stores; live sockets are tagged with it). */
export async function hashToken(token: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
}

/** Creates a session and returns the raw token (to put in the cookie; never stored). */
export async function createSession(db: Db, userId: string, now = Date.now()): Promise<string> {
  const token = toHex(crypto.getRandomValues(new Uint8Array(32)));
  await db.insert(sessions).values({
    tokenHash: await hashToken(token),
    userId,
    expiresAt: now + SESSION_TTL_MS,
  });
  return token;
}

/** The user behind a token, or null when the token is unknown, expired or revoked. */
export async function findSessionUser(db: Db, token: string, now = Date.now()): Promise<SessionAccount | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, credits: users.credits, version: users.version })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, await hashToken(token)), gt(sessions.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

/**
 * Revokes a session server-side: the cookie stops working even if a copy survives. Returns whose
 * session it was (and its id) so the caller can close its live sockets; null if it was unknown.
 */
export async function revokeSession(db: Db, token: string): Promise<{ userId: string; tokenHash: string } | null> {
  const tokenHash = await hashToken(token);
  const [row] = await db
    .delete(sessions)
    .where(eq(sessions.tokenHash, tokenHash))
    .returning({ userId: sessions.userId });
  return row ? { userId: row.userId, tokenHash } : null;
}

/** Housekeeping for the cron: expired sessions are useless rows. */
export async function deleteExpiredSessions(db: Db, now = Date.now()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
