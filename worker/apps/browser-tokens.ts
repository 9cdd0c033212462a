// Browser tokens: `cct_` + 32 random bytes that an app mints (with its API key) for one of its
// users' browsers. Owns browser_tokens and key_token_users. Only the SHA-256 is stored, and every
// use reads the row with its key and user, so revoking the key or closing the user ends every token
// at once (docs/security.md says why a row, not a signature).
import { sql } from 'drizzle-orm';
import { CLOSED_PASSWORD_HASH } from '../accounts/closed';
import { hashToken } from '../accounts/sessions';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';

export const BROWSER_TOKEN_PREFIX = 'cct_';
export const TOKEN_TTL = { min: 60, max: 3600, default: 600 } as const;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/**
 * Mints a token for `userId` under `keyId`, and remembers that this key has token holders among
 * this user (key revocation closes their sockets), in one batch. The raw token is returned once.
 */
export async function mintBrowserToken(
  db: Db,
  input: { keyId: string; userId: string; ttlSeconds: number },
  now = Date.now(),
): Promise<{ token: string; expiresAt: string }> {
  const token = BROWSER_TOKEN_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(32)));
  const expiresAt = now + input.ttlSeconds * 1000;
  await runBatch(db, [
    sql`INSERT INTO browser_tokens (hash, key_id, user_id, expires_at, created_at)
        VALUES (${await hashToken(token)}, ${input.keyId}, ${input.userId}, ${expiresAt}, ${now})`,
    sql`INSERT INTO key_token_users (key_id, user_id) VALUES (${input.keyId}, ${input.userId}) ON CONFLICT DO NOTHING`,
  ]);
  return { token, expiresAt: new Date(expiresAt).toISOString() };
}

/** Whom a token speaks for: `valid` only while unexpired, its key active and its user open. */
export type TokenLookup =
  | { outcome: 'valid'; userId: string; keyId: string; origins: string[] }
  | { outcome: 'invalid' };

/** The token's holder, for the live socket and the embed balance (not single-use: only enter is). */
export async function findBrowserToken(db: Db, token: string | undefined, now = Date.now()): Promise<TokenLookup> {
  if (!token?.startsWith(BROWSER_TOKEN_PREFIX) || token.length > 100) return { outcome: 'invalid' };
  const [row] = await db.all<{ user_id: string; key_id: string; origins: string }>(
    sql`SELECT t.user_id, t.key_id,
          (SELECT json_group_array(origin) FROM api_key_origins o WHERE o.key_id = t.key_id) AS origins
        FROM browser_tokens t
        JOIN api_keys k ON k.id = t.key_id AND k.revoked_at IS NULL
        JOIN users u ON u.id = t.user_id AND u.password_hash <> ${CLOSED_PASSWORD_HASH}
        WHERE t.hash = ${await hashToken(token)} AND t.expires_at > ${now}`,
  );
  if (!row) return { outcome: 'invalid' };
  return { outcome: 'valid', userId: row.user_id, keyId: row.key_id, origins: JSON.parse(row.origins) as string[] };
}

/**
 * Spends a token on entering the site: one conditional UPDATE, so of two racing uses exactly one
 * wins. Returns the user to sign in, or null (unknown, expired, used, revoked key, closed user).
 */
export async function consumeForEnter(db: Db, token: string | undefined, now = Date.now()): Promise<string | null> {
  if (!token?.startsWith(BROWSER_TOKEN_PREFIX) || token.length > 100) return null;
  const [row] = await db.all<{ user_id: string }>(
    sql`UPDATE browser_tokens SET entered_at = ${now}
        WHERE hash = ${await hashToken(token)} AND entered_at IS NULL AND expires_at > ${now}
          AND EXISTS (SELECT 1 FROM api_keys k WHERE k.id = browser_tokens.key_id AND k.revoked_at IS NULL)
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = browser_tokens.user_id
                        AND u.password_hash <> ${CLOSED_PASSWORD_HASH})
        RETURNING user_id`,
  );
  return row?.user_id ?? null;
}

/** The users key `keyId` ever minted tokens for: whose rooms may hold its sockets. */
export async function tokenUsersOfKey(db: Db, keyId: string): Promise<string[]> {
  const rows = await db.all<{ user_id: string }>(sql`SELECT user_id FROM key_token_users WHERE key_id = ${keyId}`);
  return rows.map((r) => r.user_id);
}

/** Housekeeping for the cron: an expired token can do nothing (its sockets stay findable through key_token_users). */
export async function deleteExpiredBrowserTokens(db: Db, now = Date.now()): Promise<void> {
  await db.run(sql`DELETE FROM browser_tokens WHERE expires_at < ${now}`);
}
