// Reconciliation of subscription invoices (cron, and the console's report): Stripe's paid
// invoices of the last 72 hours against our grants. A paid subscription invoice the ledger lacks
// (a lost `invoice.paid`) is granted through the same idempotent path as the webhook.

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { RECONCILE_WINDOW_MS } from '../stripe/client';
import { guardSubscriptions } from './guard';
import { grantInvoice, type InvoiceSnapshot, subscriptionOf } from './invoices';

export interface InvoiceItem {
  invoiceId: string;
  subscriptionId: string;
  customer: string | null;
  amountPaid: number;
  currency: string;
  billingReason: string | null;
  /** The grant entry's credits, or null if the ledger lacks it. */
  granted: number | null;
}

/** Stripe's recent paid subscription invoices, each with what the ledger granted for it. */
export async function recentPaidInvoices(db: Db, stripe: StripeClient, now = Date.now()) {
  const since = now - RECONCILE_WINDOW_MS;
  const items: { invoice: InvoiceSnapshot; item: InvoiceItem }[] = [];
  for await (const invoice of stripe.invoices.list({
    status: 'paid',
    created: { gte: Math.floor(since / 1000) },
    limit: 100,
  })) {
    const snapshot = invoice as unknown as InvoiceSnapshot;
    const subscriptionId = subscriptionOf(snapshot);
    if (!subscriptionId) continue;
    items.push({
      invoice: snapshot,
      item: {
        invoiceId: invoice.id,
        subscriptionId,
        customer: typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null),
        amountPaid: invoice.amount_paid,
        currency: invoice.currency,
        billingReason: invoice.billing_reason,
        granted: null,
      },
    });
  }
  if (items.length > 0) {
    const ids = JSON.stringify(items.map((i) => i.item.invoiceId));
    const rows = await db.all<{ id: string; delta: number }>(
      sql`SELECT si.id, e.delta FROM subscription_invoices si JOIN ledger_entries e ON e.id = si.entry_id
          WHERE si.id IN (SELECT value FROM json_each(${ids}))`,
    );
    const granted = new Map(rows.map((r) => [r.id, r.delta]));
    for (const { item } of items) item.granted = granted.get(item.invoiceId) ?? null;
  }
  return { since: new Date(since).toISOString(), items };
}

/** What a reconciliation pass counts: what Stripe listed, and how often each outcome came. */
export interface ReconcileTally {
  listed: number;
  outcomes: Record<string, number>;
}

/** Counts one settled item's outcome. */
export function tally(report: ReconcileTally, outcome: string): void {
  report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
}

export interface InvoiceReconcileReport extends ReconcileTally {
  granted: number;
}

/** The cron's part: grant every listed paid subscription invoice the ledger lacks. */
export async function reconcileRecentInvoices(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  now = Date.now(),
): Promise<InvoiceReconcileReport> {
  const { items } = await recentPaidInvoices(db, stripe, now);
  const report: InvoiceReconcileReport = { listed: items.length, granted: 0, outcomes: {} };
  for (const { invoice, item } of items) {
    if (item.granted !== null) continue;
    const result = await grantInvoice(db, onCommit, invoice, undefined, now);
    // A renewal of a subscription that must not run (a closed account's, a second one) is refunded too.
    if (result.userId) await guardSubscriptions(db, onCommit, stripe, result.userId, item.subscriptionId, now);
    tally(report, result.outcome);
    if (result.outcome === 'credited') report.granted++;
  }
  return report;
}
