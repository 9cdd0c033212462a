// Paid subscription invoices: the one idempotent path from "Stripe says this period is paid" to
// the period's allowance in the ledger, used by `invoice.paid`, the success page's status call, the
// refund lookup and the reconciliation cron alike. Owns subscription_invoices; credits move only
// through worker/ledger. What an invoice grants comes from our plans (its line's product), and
// the period it grants is its line item's `period` (for a renewal, `invoice.period_*` is the
// period that just ended, as Stripe does).
import { type SQL, sql } from 'drizzle-orm';
import { creditSubscriptionSession } from '../billing/sessions';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { commit, type OnCommit } from '../ledger/commit';
import { subscriptionGrantSteps } from '../ledger/subscriptions';
import { idOf } from '../stripe/client';
import { type EventRef, type FulfilResult, recordEvent } from '../stripe/event-log';
import type { InvoiceObject } from '../stripe/event-schemas';
import { pendingReversalSteps } from './period-reversals';
import { findPlan, type Plan, planOfProduct } from './plans';
import { resolveUser } from './store';

/** The fields of Stripe's invoice the grant reads (API 2026-10-28: `parent`, line `pricing`), as parsed. */
export type InvoiceSnapshot = InvoiceObject;

/** Invoices that open a period: the first one, and each renewal. (A proration invoice grants nothing.) */
const GRANTING_REASONS = new Set(['subscription_create', 'subscription_cycle']);

export function subscriptionOf(invoice: Pick<InvoiceSnapshot, 'parent'>): string | null {
  if (invoice.parent?.type !== 'subscription_details') return null;
  return idOf(invoice.parent.subscription_details?.subscription);
}

function planOfInvoice(invoice: InvoiceSnapshot): Plan | undefined {
  const line = invoice.lines.data[0];
  return (
    planOfProduct(idOf(line?.pricing?.price_details?.product)) ??
    findPlan(invoice.parent?.subscription_details?.metadata?.planId)
  );
}

/**
 * Grants a paid subscription invoice's allowance once (and, in the same batch, carries the
 * rollover, expires the earlier allowance, credits the Checkout Session it started, and applies
 * refunds and disputes Stripe reported before the grant). `paymentIntent`, when known, is recorded on the row.
 */
export async function grantInvoice(
  db: Db,
  onCommit: OnCommit,
  invoice: InvoiceSnapshot,
  event?: EventRef,
  now = Date.now(),
  paymentIntent: string | null = null,
): Promise<FulfilResult> {
  const subscriptionId = subscriptionOf(invoice);
  const line = invoice.lines.data[0];
  const plan = planOfInvoice(invoice);
  const ignore = async (): Promise<FulfilResult> => {
    if (event) await runBatch(db, recordEvent(event, invoice.id));
    return { outcome: 'ignored', entries: [] };
  };
  if (!subscriptionId || !line || !plan || invoice.status !== 'paid') return ignore();
  if (!GRANTING_REASONS.has(invoice.billing_reason ?? '')) return ignore();
  const userId = await resolveUser(db, invoice.customer, invoice.parent?.subscription_details?.metadata?.userId);
  if (!userId) return ignore();

  const { entries } = await commit(db, onCommit, {
    now,
    steps: [
      sql`INSERT INTO subscription_invoices (id, user_id, subscription_id, plan_id, credits, rollover, amount,
            currency, period_start, period_end, payment_intent)
          VALUES (${invoice.id}, ${userId}, ${subscriptionId}, ${plan.id}, ${plan.monthlyCredits}, ${plan.rollover},
            ${invoice.amount_paid}, ${invoice.currency.toLowerCase()}, ${line.period.start * 1000},
            ${line.period.end * 1000},
            COALESCE(${paymentIntent}, (SELECT payment_intent FROM invoice_payments WHERE invoice_id = ${invoice.id} LIMIT 1)))
          ON CONFLICT (id) DO UPDATE SET payment_intent = COALESCE(subscription_invoices.payment_intent, excluded.payment_intent)`,
      ...subscriptionGrantSteps(invoice.id, userId, now),
      markGranted(invoice.id),
      creditSubscriptionSession(invoice.id, now),
      ...pendingReversalSteps(invoice.id),
      ...recordEvent(event, invoice.id),
    ],
  });
  const granted = entries.some((e) => e.kind === 'subscription' && e.reference === invoice.id);
  return { outcome: granted ? 'credited' : 'duplicate', entries, userId };
}

/** Links the row to its grant entry, right after the grant's moves (what `stale` and the refunds look for). */
const markGranted = (invoiceId: string): SQL =>
  sql`UPDATE subscription_invoices AS si SET entry_id = (SELECT g.id FROM ledger_entries g
      WHERE g.user_id = si.user_id AND g.idempotency_key = 'subscription:' || si.id)
    WHERE si.id = ${invoiceId} AND si.entry_id IS NULL`;

/**
 * Learns which PaymentIntent paid an invoice (`invoice_payment.paid`, or the refund and dispute
 * lookup), and applies any refund or dispute of it Stripe reported before we knew.
 */
export async function recordInvoicePayment(
  db: Db,
  onCommit: OnCommit,
  invoiceId: string,
  paymentIntent: string,
  event?: EventRef,
  now = Date.now(),
): Promise<FulfilResult> {
  const { entries, read } = await commit<{ invoice: { user_id: string } }>(db, onCommit, {
    now,
    steps: [
      sql`INSERT INTO invoice_payments (payment_intent, invoice_id) VALUES (${paymentIntent}, ${invoiceId})
          ON CONFLICT (payment_intent) DO NOTHING`,
      sql`UPDATE subscription_invoices SET payment_intent = ${paymentIntent}
          WHERE id = ${invoiceId} AND payment_intent IS NULL`,
      ...pendingReversalSteps(invoiceId),
      ...recordEvent(event, invoiceId),
    ],
    reads: { invoice: sql`SELECT user_id FROM subscription_invoices WHERE id = ${invoiceId}` },
  });
  const row = read.invoice[0];
  const outcome = entries.length > 0 ? 'clawed_back' : row ? 'recorded' : 'not_applicable';
  return { outcome, entries, userId: row?.user_id };
}

/** Do we know this PaymentIntent: a pack's, or a subscription invoice's? */
export async function isKnownPayment(db: Db, paymentIntent: string): Promise<boolean> {
  const [row] = await db.all<{ known: number }>(
    sql`SELECT EXISTS (SELECT 1 FROM checkout_sessions WHERE payment_intent = ${paymentIntent})
          OR EXISTS (SELECT 1 FROM subscription_invoices WHERE payment_intent = ${paymentIntent}) AS known`,
  );
  return row?.known === 1;
}
