// Changing the account's email: the new address must be confirmed by a link sent to it (24 hours,
// once) before it replaces the old one, so receipts and resets never go to an address nobody opened.
// Owns the email_changes table; the users row's email is written here (accounts owns users).
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { conflict } from '../errors';
import { requirePassword } from './account-changes';
import { CLOSED_PASSWORD_HASH } from './closed';
import { hashToken } from './sessions';
import { normalizeEmail } from './users';

export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

export type EmailChangeConfirmation =
  | { outcome: 'changed'; userId: string; email: string }
  | { outcome: 'invalid' }
  | { outcome: 'email_taken' };

const newToken = () =>
  [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');

const taken = () => conflict('email_taken', 'An account with this email already exists.');

/** Checks the password and that the address is free, then issues the link for the new address. */
export async function requestEmailChange(
  db: Db,
  input: { userId: string; newEmail: string; password: string },
  now = Date.now(),
): Promise<{ token: string; newEmail: string }> {
  await requirePassword(db, input.userId, input.password);
  const newEmail = normalizeEmail(input.newEmail);
  const [owner] = await db.all<{ id: string }>(sql`SELECT id FROM users WHERE email = ${newEmail}`);
  // Its own address again is no change; another account's is refused now (and again at confirm).
  if (owner) throw taken();
  const token = newToken();
  await db.run(sql`
    INSERT INTO email_changes (token_hash, user_id, new_email, expires_at, created_at)
    VALUES (${await hashToken(token)}, ${input.userId}, ${newEmail}, ${now + EMAIL_CHANGE_TTL_MS}, ${now})`);
  return { token, newEmail };
}

/**
 * Uses a link: claims it (unused, unexpired, account not closed) under a fresh confirm id, sets the
 * email and ends the user's other pending changes, in one batch. The users.email unique index decides
 * a race with a sign-up of the same address: the batch rolls back and nothing is used up.
 */
export async function confirmEmailChange(db: Db, token: string, now = Date.now()): Promise<EmailChangeConfirmation> {
  const tokenHash = await hashToken(token);
  const confirmId = crypto.randomUUID();
  const claimed = sql`(SELECT user_id FROM email_changes WHERE token_hash = ${tokenHash} AND confirm_id = ${confirmId})`;
  let rows: { user_id?: string; new_email?: string }[][];
  try {
    rows = await runBatch(db, [
      sql`UPDATE email_changes SET used_at = ${now}, confirm_id = ${confirmId}
          WHERE token_hash = ${tokenHash} AND used_at IS NULL AND expires_at > ${now}
            AND EXISTS (SELECT 1 FROM users u WHERE u.id = email_changes.user_id AND u.password_hash <> ${CLOSED_PASSWORD_HASH})
          RETURNING user_id, new_email`,
      sql`UPDATE users SET email = (SELECT new_email FROM email_changes WHERE confirm_id = ${confirmId}) WHERE id = ${claimed}`,
      sql`UPDATE email_changes SET used_at = ${now} WHERE user_id = ${claimed} AND used_at IS NULL`,
    ]);
  } catch (err) {
    if (/UNIQUE constraint failed: users\.email/.test(String(err))) return { outcome: 'email_taken' };
    throw err;
  }
  const claim = rows[0]?.[0];
  if (!claim?.user_id || !claim.new_email) return { outcome: 'invalid' };
  return { outcome: 'changed', userId: claim.user_id, email: claim.new_email };
}
