// Once-only emails: a message about a thing that happened once (a ledger entry's receipt, a failed
// renewal) is claimed in mail_sent by its dedupe key before it is sent, so replayed events, the
// webhook and the success page fulfilling the same payment, or a retried waitUntil send it once.
// Owns the mail_sent table.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailSent } from '../db/schema';
import type { MailKind } from '../vocabulary/mail';
import { type MailEnv, type MailMessage, type MailOutcome, sendMail } from './send';

/** `skipped`: nobody to write to (a closed account), so nothing is sent and nothing is claimed. */
export type OnceOutcome = MailOutcome | { outcome: 'already_sent' } | { outcome: 'skipped' };

/**
 * Claims `dedupeKey` (the unique key decides, never a prior read), then sends with it as the
 * provider's Idempotency-Key. A send that fails or finds no provider gives the claim back, so a
 * later attempt may still send; a crash between claim and send loses that one email (mail is a
 * courtesy; the money and the history page are the record).
 */
export async function sendOnce(
  env: MailEnv,
  db: Db,
  claim: { dedupeKey: string; userId: string; kind: MailKind },
  build: () => Promise<Omit<MailMessage, 'idempotencyKey'> | null>,
): Promise<OnceOutcome> {
  const claimed = await db
    .insert(mailSent)
    .values(claim)
    .onConflictDoNothing({ target: mailSent.dedupeKey })
    .returning({ key: mailSent.dedupeKey });
  if (claimed.length === 0) return { outcome: 'already_sent' };
  const message = await build().catch((err) => {
    console.error(JSON.stringify({ msg: 'mail_build_failed', key: claim.dedupeKey, error: String(err) }));
    return null;
  });
  const sent: OnceOutcome = message
    ? await sendMail(env, { ...message, idempotencyKey: claim.dedupeKey })
    : { outcome: 'skipped' };
  if (sent.outcome === 'sent') {
    await db.update(mailSent).set({ providerId: sent.id }).where(eq(mailSent.dedupeKey, claim.dedupeKey));
  } else {
    // Only a claim still without a provider id is given back: never one a racing send completed.
    await db.delete(mailSent).where(and(eq(mailSent.dedupeKey, claim.dedupeKey), isNull(mailSent.providerId)));
  }
  return sent;
}
