// Receipts by email: one for each pack bought, each auto top-up and each plan payment, sent once after the credit
// commits, whichever path committed it (the webhook, the success page's own check, the cron): every
// commit is handed here off the response path (live/publisher.ts) and each paid thing is claimed in
// mail_sent by its own key (the Checkout Session, the invoice) before it is sent. The facts come
// from the rows of that user's payment, read fresh; nothing about anyone else. A send that fails
// is sent again by the cron while it is owed (owed-receipts.ts).
import { sql } from 'drizzle-orm';
import { appOrigin } from '../app-origin';
import { findPack, packNames } from '../billing/packs';
import type { Db } from '../db/client';
import type { Committed } from '../ledger/commit';
import { findPlan } from '../subscriptions/plans';
import { formatCredits, formatDate, formatMoney } from './format';
import { type RecipientRow, recipientColumns } from './recipient';
import { mailConfigured, type ReceiptEnv } from './send';
import { type OnceOutcome, sendOnce } from './sent';
import { mailTopUpReceiptFor } from './topup-receipt';
import { paidFacts, wordedFor } from './worded';

export type { ReceiptEnv };

/** Whether an applied entry is a payment that gets a receipt: a purchase (a pack, an auto top-up) or a plan's grant. */
export const callsForReceipt = (entry: { kind: string }) => entry.kind === 'purchase' || entry.kind === 'subscription';

/** Sends the receipts a commit calls for (its purchases and plan grants); never throws. */
export async function mailReceipts(env: ReceiptEnv, db: Db, committed: Committed): Promise<OnceOutcome[]> {
  const sends = new Map<string, () => Promise<OnceOutcome>>();
  for (const entry of committed.entries) {
    const paid = { userId: entry.userId, reference: entry.reference };
    // A plan's grant and its rollover share the invoice: one receipt for the payment.
    // A purchase says what it paid for (its move set it): a pack, or an auto top-up (topup-receipt.ts).
    if (entry.kind === 'purchase')
      sends.set(`p:${entry.reference}`, () =>
        entry.paidFor === 'auto_topup' ? mailTopUpReceiptFor(env, db, paid) : mailPackReceipt(env, db, paid),
      );
    if (entry.kind === 'subscription') sends.set(`s:${entry.reference}`, () => mailPlanReceipt(env, db, paid));
  }
  // No provider: nothing to read or claim (sendOnce would say the same, after a top-up's read).
  if (sends.size > 0 && !mailConfigured(env)) {
    console.warn(JSON.stringify({ msg: 'mail not configured', receipts: sends.size }));
    return [...sends.keys()].map((): OnceOutcome => ({ outcome: 'not_configured' }));
  }
  return Promise.all(
    [...sends.values()].map((send) =>
      send().catch((err): OnceOutcome => {
        console.error(JSON.stringify({ msg: 'receipt_failed', error: String(err) }));
        return { outcome: 'failed', reason: String(err) };
      }),
    ),
  );
}

/** A pack's receipt: what was paid, the credits, when, and the link to Stripe's own receipt. */
export function mailPackReceipt(env: ReceiptEnv, db: Db, paid: { userId: string; reference: string }) {
  const claim = { dedupeKey: `pack_receipt:${paid.reference}`, userId: paid.userId, kind: 'pack_receipt' as const };
  const read = sql`SELECT ${recipientColumns}, cs.pack_id, cs.credits, cs.amount, cs.currency,
        COALESCE(e.created_at, cs.updated_at) AS at
      FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id
      LEFT JOIN ledger_entries e ON e.user_id = cs.user_id AND e.idempotency_key = 'purchase:' || cs.id
      WHERE cs.id = ${paid.reference} AND cs.user_id = ${paid.userId} AND cs.mode = 'payment'`;
  type Row = RecipientRow & { pack_id: string; credits: number; amount: number; currency: string; at: number };
  // No row: not a Checkout Session of this user's (another path's purchase), which sends its own.
  return sendOnce<Row>(env, db, claim, read, (row) =>
    wordedFor(row, (w, locale, row) => {
      const pack = findPack(row.pack_id);
      return {
        subject: w.packSubject(formatCredits(locale, row.credits)),
        lines: [w.packLine(pack ? packNames(pack)[locale] : row.pack_id)],
        facts: paidFacts(w, locale, row),
        // The app's own link: it finds Stripe's receipt for the signed-in owner (routes/history.ts).
        link: {
          label: w.receipt,
          url: new URL(`/api/receipts/${encodeURIComponent(paid.reference)}`, appOrigin(env)).href,
        },
      };
    }),
  );
}

/** A plan payment's receipt: the plan, what was paid, its credits and period, and the history page. */
export function mailPlanReceipt(env: ReceiptEnv, db: Db, paid: { userId: string; reference: string }) {
  const claim = { dedupeKey: `plan_receipt:${paid.reference}`, userId: paid.userId, kind: 'plan_receipt' as const };
  const read = sql`SELECT ${recipientColumns}, si.plan_id, si.credits, si.amount, si.currency,
        si.period_start AS start, si.period_end AS end
      FROM subscription_invoices si JOIN users u ON u.id = si.user_id
      WHERE si.id = ${paid.reference} AND si.user_id = ${paid.userId}`;
  type Row = RecipientRow & {
    plan_id: string;
    credits: number;
    amount: number;
    currency: string;
    start: number;
    end: number;
  };
  return sendOnce<Row>(env, db, claim, read, (row) =>
    wordedFor(row, (w, locale, row) => {
      const plan = findPlan(row.plan_id)?.name ?? row.plan_id;
      return {
        subject: w.planSubject(plan),
        lines: [w.planLine(plan)],
        facts: [
          [w.amount, formatMoney(locale, row.amount, row.currency)],
          [w.credits, formatCredits(locale, row.credits)],
          [w.period, `${formatDate(locale, row.start)} – ${formatDate(locale, row.end)}`],
        ],
        // Stripe's hosted invoice URL is not stored; the history page lists the payment with its link.
        link: { label: w.history, url: new URL(`/${locale}/history`, appOrigin(env)).href },
      };
    }),
  );
}
