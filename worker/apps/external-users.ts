// The app's own users: a Creditcast user per external id (the app's user id), made or found by
// PUT /api/v1/users/by-external-id/{id}. Writes users.external_id (and the row of a user it makes).
// The unique index on external_id decides races: insert-or-ignore, then read — never read-then-write.
import { sql } from 'drizzle-orm';
import { normalizeEmail } from '../accounts/users';
import type { Db } from '../db/client';

/** Not a PBKDF2 string, so no password ever matches: these users enter through their app. */
export const NO_PASSWORD_HASH = '!external';

/** 1–128 printable ASCII characters (space included), as the app's own ids usually are. */
export const EXTERNAL_ID = /^[\x20-\x7e]{1,128}$/;

export type ExternalUserResult =
  | { outcome: 'created' | 'existing' | 'linked'; userId: string }
  /** The email belongs to a user with another external id. */
  | { outcome: 'email_conflict' };

interface Row {
  id: string;
  external_id: string | null;
}

/**
 * The user for `externalId`: made (no password) if neither the id nor the email is known; the
 * existing one if the id is (its email is left as it is: the id is the identity); an existing
 * account with this email and no external id is linked to it. Safe under any number of concurrent
 * calls: every path is a single conditional statement, and a lost race re-reads and retries once more.
 */
export async function upsertExternalUser(
  db: Db,
  input: { externalId: string; email: string },
): Promise<ExternalUserResult> {
  const email = normalizeEmail(input.email);
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = crypto.randomUUID();
    const [inserted] = await db.all<Row>(
      sql`INSERT INTO users (id, email, password_hash, external_id)
          VALUES (${id}, ${email}, ${NO_PASSWORD_HASH}, ${input.externalId})
          ON CONFLICT DO NOTHING RETURNING id, external_id`,
    );
    if (inserted) return { outcome: 'created', userId: inserted.id };

    const [byId] = await db.all<Row>(sql`SELECT id, external_id FROM users WHERE external_id = ${input.externalId}`);
    if (byId) return { outcome: 'existing', userId: byId.id };

    // The email is taken: link it if it has no external id yet (one conditional UPDATE).
    const [linked] = await db.all<Row>(
      sql`UPDATE OR IGNORE users SET external_id = ${input.externalId}
          WHERE email = ${email} AND external_id IS NULL RETURNING id, external_id`,
    );
    if (linked) return { outcome: 'linked', userId: linked.id };

    const [byEmail] = await db.all<Row>(sql`SELECT id, external_id FROM users WHERE email = ${email}`);
    if (byEmail?.external_id != null && byEmail.external_id !== input.externalId) return { outcome: 'email_conflict' };
    // Otherwise a racing call changed the rows between our statements (it linked this email to this
    // id, or made this id with another email, or the email's account closed): the next pass sees it.
  }
  // Three lost races in a row cannot happen with one id and one email; read what won.
  const [byId] = await db.all<Row>(sql`SELECT id, external_id FROM users WHERE external_id = ${input.externalId}`);
  return byId ? { outcome: 'existing', userId: byId.id } : { outcome: 'email_conflict' };
}
