// API keys for the app's own backend: `cck_` + 32 random bytes (base64url). Only the SHA-256 is
// stored, with a name, when it was made and last used; revoking stamps `revoked_at`, and the key
// stops working on the next request (every request looks the hash up, nothing is cached).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isoOrNull } from '../db/dates';
import { API_KEY_PREFIX, hashApiKey } from './key-format';

export { hashApiKey, newApiKey } from './key-format';

/** last_used_at is refreshed at most this often per key, so busy keys don't write on every call. */
const TOUCH_EVERY_MS = 60_000;

export interface ApiKey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The origins its pages are served from (worker/apps/key-origins.ts); none: server-to-server only. */
  origins: string[];
}

interface KeyRow {
  id: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** JSON array, from ORIGINS_COLUMN; absent on an INSERT's RETURNING (a new key has what it was given). */
  origins?: string;
}

/** The key's origins as one JSON column, read in the same query as the key. */
const ORIGINS_COLUMN = sql.raw(
  '(SELECT json_group_array(origin) FROM api_key_origins o WHERE o.key_id = api_keys.id) AS origins',
);

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  createdAt: new Date(r.created_at).toISOString(),
  lastUsedAt: isoOrNull(r.last_used_at),
  revokedAt: isoOrNull(r.revoked_at),
  origins: r.origins ? (JSON.parse(r.origins) as string[]).sort() : [],
});

/** The INSERT for a new key, to batch with an audit row (the console) or run alone (the CLI). */
export function insertApiKey(key: { id: string; hash: string }, name: string, now = Date.now()): SQL {
  return sql`INSERT INTO api_keys (id, name, hash, created_at) VALUES (${key.id}, ${name}, ${key.hash}, ${now})
    ON CONFLICT DO NOTHING RETURNING id, name, created_at, last_used_at, revoked_at`;
}

export function revokeApiKey(id: string, now = Date.now()): SQL {
  return sql`UPDATE api_keys SET revoked_at = ${now} WHERE id = ${id} AND revoked_at IS NULL RETURNING id`;
}

export function toApiKey(row: unknown, origins: string[] = []): ApiKey {
  return { ...toKey(row as KeyRow), origins };
}

export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db.all<KeyRow>(
    sql`SELECT id, name, created_at, last_used_at, revoked_at, ${ORIGINS_COLUMN} FROM api_keys ORDER BY created_at DESC, id`,
  );
  return rows.map(toKey);
}

/**
 * The active key with this secret, or null. When its last use is older than a minute, the caller
 * gets a `touch` promise to keep alive (waitUntil) that records this use.
 */
export async function findApiKey(
  db: Db,
  secret: string,
  now = Date.now(),
): Promise<{ key: ApiKey; touch: Promise<unknown> | null } | null> {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 100) return null;
  const [row] = await db.all<KeyRow>(
    sql`SELECT id, name, created_at, last_used_at, revoked_at, ${ORIGINS_COLUMN} FROM api_keys
        WHERE hash = ${await hashApiKey(secret)} AND revoked_at IS NULL`,
  );
  if (!row) return null;
  const stale = row.last_used_at === null || row.last_used_at < now - TOUCH_EVERY_MS;
  const touch = stale ? db.run(sql`UPDATE api_keys SET last_used_at = ${now} WHERE id = ${row.id}`) : null;
  return { key: toKey(row), touch };
}
