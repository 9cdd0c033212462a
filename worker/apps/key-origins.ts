// The origins each API key's pages are served from: owns api_key_origins. Written by the console
// (create, replace) in the same batch as the key and its audit row; read by the CORS preflight.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';

/** The origins of key `keyId`, only while it is an active key (a create that lost its name writes none). */
export function insertOrigins(keyId: string, origins: readonly string[]): SQL {
  return sql`INSERT INTO api_key_origins (key_id, origin)
    SELECT ${keyId}, value FROM json_each(${JSON.stringify(origins)})
    WHERE EXISTS (SELECT 1 FROM api_keys WHERE id = ${keyId} AND revoked_at IS NULL)
    ON CONFLICT DO NOTHING`;
}

/**
 * Statements replacing an active key's origins, for one batch that ends with the caller's
 * auditIfChanged: the last statement returns the key's id and changes its row (to itself) only when
 * the key is active, so the audit row is written exactly when the replace applied, and an unknown
 * or revoked key changes nothing and returns no row.
 */
export function replaceOrigins(keyId: string, origins: readonly string[]): SQL[] {
  return [
    sql`DELETE FROM api_key_origins WHERE key_id = ${keyId}
      AND EXISTS (SELECT 1 FROM api_keys WHERE id = ${keyId} AND revoked_at IS NULL)`,
    insertOrigins(keyId, origins),
    sql`UPDATE api_keys SET name = name WHERE id = ${keyId} AND revoked_at IS NULL RETURNING id`,
  ];
}

/**
 * Whether any active key names `origin`. A CORS preflight carries no token, so this is all it can
 * ask; the request that follows is then held to its own token's key.
 */
export async function isAppOrigin(db: Db, origin: string): Promise<boolean> {
  const rows = await db.all(
    sql`SELECT 1 FROM api_key_origins o JOIN api_keys k ON k.id = o.key_id
        WHERE o.origin = ${origin} AND k.revoked_at IS NULL LIMIT 1`,
  );
  return rows.length > 0;
}
