// Auto top-up's receipt, found from its credit: a `purchase` whose reference is the PaymentIntent
// of one of the user's auto top-up attempts (worker/autotopup). The facts are read from that
// attempt and its ledger entry; the PaymentIntent is the once-only key, so the room's synchronous
// answer and Stripe's payment_intent.succeeded (whichever credited it) send one receipt between them.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { mailAutoTopUpReceipt } from './notices';
import type { ReceiptEnv } from './send';
import type { OnceOutcome } from './sent';

/** Sends the receipt of the top-up credited by `paid`; skipped when no attempt of this user has it. */
export async function mailTopUpReceiptFor(
  env: ReceiptEnv,
  db: Db,
  paid: { userId: string; reference: string },
): Promise<OnceOutcome> {
  const [row] = await db.all<{ credits: number; amount_cents: number; currency: string; at: number }>(
    sql`SELECT a.credits, a.amount_cents, a.currency, COALESCE(e.created_at, a.settled_at, a.created_at) AS at
      FROM auto_topup_attempts a
      LEFT JOIN ledger_entries e ON e.user_id = a.user_id AND e.idempotency_key = 'purchase:' || a.payment_intent_id
      WHERE a.payment_intent_id = ${paid.reference} AND a.user_id = ${paid.userId}`,
  );
  if (!row) return { outcome: 'skipped' };
  return mailAutoTopUpReceipt(env, db, {
    key: paid.reference,
    userId: paid.userId,
    credits: row.credits,
    amount: row.amount_cents,
    currency: row.currency,
    at: row.at,
  });
}
