// Notices by email, each once: a failed plan renewal (invoice.payment_failed for a renewal, one
// notice per invoice however often Stripe retries or redelivers), and for auto top-up a receipt per
// top-up (topup-receipt.ts calls it) and a notice when it pauses (autotopup/pause-mail.ts calls it).
// The caller passes what it knows; the address and language are read here.
import { sql } from 'drizzle-orm';
import { appOrigin } from '../app-origin';
import type { Db } from '../db/client';
import { type InvoiceObject, parseStripeEvent } from '../stripe/event-schemas';
import { subscriptionOf } from '../subscriptions/invoices';
import { findPlan } from '../subscriptions/plans';
import type { MailKind } from '../vocabulary/mail';
import { formatCredits, formatMoney } from './format';
import { type RecipientRow, recipientColumns } from './recipient';
import type { ReceiptEnv } from './send';
import { type OnceOutcome, sendOnce } from './sent';
import { paidFacts, type Worded, wordedFor } from './worded';

/**
 * A notice about the user `userId`, once per `kind:key`: their address and language read with the
 * claim, `content` worded in that language (wordedFor).
 */
function mailUserOnce(
  env: ReceiptEnv,
  db: Db,
  notice: { kind: MailKind; key: string; userId: string },
  content: Worded<RecipientRow>,
): Promise<OnceOutcome> {
  const claim = { dedupeKey: `${notice.kind}:${notice.key}`, userId: notice.userId, kind: notice.kind };
  const read = sql`SELECT ${recipientColumns} FROM users u WHERE u.id = ${notice.userId}`;
  return sendOnce<RecipientRow>(env, db, claim, read, (row) => wordedFor(row, content));
}

/** The emails a verified Stripe event calls for besides receipts (those follow the commit): a failed renewal. */
export async function mailAboutEvent(env: ReceiptEnv, db: Db, event: unknown): Promise<OnceOutcome | null> {
  const parsed = parseStripeEvent(event);
  if (parsed.kind !== 'handled' || parsed.event.type !== 'invoice.payment_failed') return null;
  return mailRenewalFailed(env, db, parsed.event.object).catch((err): OnceOutcome => {
    console.error(JSON.stringify({ msg: 'renewal_notice_failed', error: String(err) }));
    return { outcome: 'failed', reason: String(err) };
  });
}

/** Only a renewal's failure: a first payment that fails is the Checkout page's to tell, at once. */
export async function mailRenewalFailed(env: ReceiptEnv, db: Db, invoice: InvoiceObject): Promise<OnceOutcome | null> {
  const subscriptionId = subscriptionOf(invoice);
  if (invoice.billing_reason !== 'subscription_cycle' || !subscriptionId) return null;
  const [sub] = await db.all<{ user_id: string; plan_id: string }>(
    sql`SELECT user_id, plan_id FROM subscriptions WHERE id = ${subscriptionId}`,
  );
  if (!sub) return null;
  const notice = { kind: 'renewal_failed' as const, key: invoice.id, userId: sub.user_id };
  return mailUserOnce(env, db, notice, (w, locale) => {
    const plan = findPlan(sub.plan_id)?.name ?? sub.plan_id;
    // Fields the event schema does not name (a loose object keeps them, untyped).
    const { hosted_invoice_url: hosted, amount_due: due } = invoice as {
      hosted_invoice_url?: unknown;
      amount_due?: unknown;
    };
    return {
      subject: w.failedSubject(plan),
      lines: w.failedLines(plan),
      facts: [[w.amount, formatMoney(locale, typeof due === 'number' ? due : invoice.amount_paid, invoice.currency)]],
      link:
        typeof hosted === 'string' && hosted.startsWith('https://')
          ? { label: w.invoice, url: hosted }
          : { label: w.account, url: new URL(`/${locale}/account`, appOrigin(env)).href },
    };
  });
}

/** For auto top-up: its receipt, once per `key` (say the top-up's ledger entry or PaymentIntent). */
export function mailAutoTopUpReceipt(
  env: ReceiptEnv,
  db: Db,
  topUp: {
    key: string;
    userId: string;
    credits: number;
    amount: number;
    currency: string;
    at: number;
    receiptUrl?: string;
  },
): Promise<OnceOutcome> {
  const notice = { kind: 'auto_topup_receipt' as const, key: topUp.key, userId: topUp.userId };
  return mailUserOnce(env, db, notice, (w, locale) => ({
    subject: w.topUpSubject(formatCredits(locale, topUp.credits)),
    lines: [w.topUpLine],
    facts: paidFacts(w, locale, topUp),
    link: topUp.receiptUrl
      ? { label: w.receipt, url: topUp.receiptUrl }
      : { label: w.history, url: new URL(`/${locale}/history`, appOrigin(env)).href },
  }));
}

/** For auto top-up: the notice that it paused, once per `key`, with the reason in the user's language. */
export function mailAutoTopUpPaused(
  env: ReceiptEnv,
  db: Db,
  pause: { key: string; userId: string; reason: Record<'en' | 'zh', string> },
): Promise<OnceOutcome> {
  const notice = { kind: 'auto_topup_paused' as const, key: pause.key, userId: pause.userId };
  return mailUserOnce(env, db, notice, (w, locale) => ({
    subject: w.pausedSubject,
    lines: w.pausedLines(pause.reason[locale]),
    link: { label: w.account, url: new URL(`/${locale}/account`, appOrigin(env)).href },
  }));
}
