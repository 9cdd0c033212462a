// Password reset links: a one-time random token (only its SHA-256 is stored), valid 30 minutes. The
// request does the same work whether or not the email has an account (the route also answers before
// any of it, so the reply cannot tell). Confirming sets the new password, uses up every open link of
// the user and ends every session, in one batch. Owns the password_resets table.
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { hashPassword, isPasswordHash, PASSWORD_HASH_PREFIX } from './passwords';
import { hashToken } from './sessions';
import { normalizeEmail } from './users';

export const RESET_TTL_MS = 30 * 60 * 1000;

export type ResetRequest =
  | { outcome: 'issued'; userId: string; token: string; locale: string | null }
  | { outcome: 'no_account' };

export type ResetConfirmation = { outcome: 'reset'; userId: string; endedSessions: string[] } | { outcome: 'invalid' };

const newToken = () =>
  [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Issues a link for the account with this email, if one can sign in with a password. */
export async function requestPasswordReset(db: Db, email: string, now = Date.now()): Promise<ResetRequest> {
  // Made and hashed before the lookup, for every request: an unknown email costs the same work.
  const token = newToken();
  const tokenHash = await hashToken(token);
  const [user] = await db.all<{ id: string; password_hash: string; locale: string | null }>(
    sql`SELECT id, password_hash, locale FROM users WHERE email = ${normalizeEmail(email)} LIMIT 1`,
  );
  // An app's user without a password, or a closed account, has no password to reset.
  if (!user || !isPasswordHash(user.password_hash)) return { outcome: 'no_account' };
  await db.run(sql`
    INSERT INTO password_resets (token_hash, user_id, expires_at, created_at)
    VALUES (${tokenHash}, ${user.id}, ${now + RESET_TTL_MS}, ${now})`);
  return { outcome: 'issued', userId: user.id, token, locale: user.locale };
}

/**
 * Uses a link: the first statement claims it (unused, unexpired, for an account that still has a
 * password) under a fresh confirm id, and every later one acts only on the user that claim found, so
 * a used, expired or unknown token changes nothing and two racing confirms cannot both win.
 */
export async function confirmPasswordReset(
  db: Db,
  input: { token: string; password: string },
  now = Date.now(),
): Promise<ResetConfirmation> {
  const tokenHash = await hashToken(input.token);
  // Hashed before the batch (PBKDF2 is the slow part), for valid and invalid tokens alike.
  const passwordHash = await hashPassword(input.password);
  const confirmId = crypto.randomUUID();
  const claimed = sql`(SELECT user_id FROM password_resets WHERE token_hash = ${tokenHash} AND confirm_id = ${confirmId})`;
  const [claim, , , ended] = await runBatch<{ user_id?: string; token_hash?: string }>(db, [
    sql`UPDATE password_resets SET used_at = ${now}, confirm_id = ${confirmId}
        WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
          AND EXISTS (SELECT 1 FROM users u WHERE u.id = password_resets.user_id
                      AND substr(u.password_hash, 1, ${PASSWORD_HASH_PREFIX.length}) = ${PASSWORD_HASH_PREFIX})
        RETURNING user_id`,
    sql`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${claimed}`,
    // Every other open link of the user ends too: the one who reset decides the password.
    sql`UPDATE password_resets SET used_at = ${now} WHERE user_id = ${claimed} AND used_at IS NULL`,
    sql`DELETE FROM sessions WHERE user_id = ${claimed} RETURNING token_hash`,
  ]);
  const userId = claim?.[0]?.user_id;
  if (!userId) return { outcome: 'invalid' };
  return { outcome: 'reset', userId, endedSessions: (ended ?? []).flatMap((row) => row.token_hash ?? []) };
}
