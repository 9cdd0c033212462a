// Once-only emails: a message about a thing that happened once (a ledger entry's receipt, a failed
// renewal) is claimed in mail_sent by its dedupe key before it is sent, so replayed events, the
// webhook and the success page fulfilling the same payment, or a retried waitUntil send it once.
// Owns the mail_sent table.
import { type SQL, sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import type { MailKind } from '../vocabulary/mail';
import { type MailEnv, type MailMessage, type MailOutcome, mailConfigured, sendMail } from './send';

/** `skipped`: nobody to write to (a closed account, a row not found), so nothing is sent or kept claimed. */
export type OnceOutcome = MailOutcome | { outcome: 'already_sent' } | { outcome: 'skipped' };

/**
 * Claims `dedupeKey` (the unique key decides, never a prior read) and reads what the message needs,
 * in one round trip, then sends with the key as the provider's Idempotency-Key. A send that fails,
 * finds no provider or has nothing to say gives the claim back, so a later attempt may still send; a
 * crash between claim and send loses that one email (mail is a courtesy; the money and the history
 * page are the record). With no provider configured it claims nothing (it would only give the
 * claim back: two D1 writes per message for nothing) and reports `not_configured` as sendMail does.
 */
export async function sendOnce<Row>(
  env: MailEnv,
  db: Db,
  claim: { dedupeKey: string; userId: string; kind: MailKind },
  read: SQL,
  build: (row: Row | undefined) => Omit<MailMessage, 'idempotencyKey'> | null,
): Promise<OnceOutcome> {
  if (!mailConfigured(env)) {
    console.warn(JSON.stringify({ msg: 'mail not configured', key: claim.dedupeKey }));
    return { outcome: 'not_configured' };
  }
  const [claimed, rows] = await runBatch(db, [
    sql`INSERT INTO mail_sent (dedupe_key, user_id, kind) VALUES (${claim.dedupeKey}, ${claim.userId}, ${claim.kind})
        ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
    read,
  ]);
  if (!claimed?.length) return { outcome: 'already_sent' };
  let message: Omit<MailMessage, 'idempotencyKey'> | null = null;
  try {
    message = build(rows?.[0] as Row | undefined);
  } catch (err) {
    console.error(JSON.stringify({ msg: 'mail_build_failed', key: claim.dedupeKey, error: String(err) }));
  }
  const sent: OnceOutcome = message
    ? await sendMail(env, { ...message, idempotencyKey: claim.dedupeKey })
    : { outcome: 'skipped' };
  if (sent.outcome !== 'sent') await db.run(sql`DELETE FROM mail_sent WHERE dedupe_key = ${claim.dedupeKey}`);
  return sent;
}
