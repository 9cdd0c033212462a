// The reconciliation report: Stripe's Checkout Sessions of the last 72 hours against our rows and
// the ledger. Paid but not credited (a lost webhook the cron has not settled yet), credited but not
// paid, and amounts that disagree (what Stripe charged vs the pack we recorded, or the purchase
// entry vs the pack's credits); and paid subscription invoices the ledger has not granted.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Stripe, StripeClient } from '../stripe/client';
import { RECONCILE_WINDOW_MS } from '../stripe/client';
import { type InvoiceItem, recentPaidInvoices } from '../subscriptions/reconcile';

interface OurRow {
  id: string;
  user_id: string;
  status: string;
  amount: number;
  currency: string;
  credits: number;
  credited: number | null;
}

export interface ReconciliationItem {
  sessionId: string;
  userId: string | null;
  stripe: { status: string | null; paymentStatus: string; amount: number | null; currency: string | null } | null;
  ours: { status: string; amount: number; currency: string; credits: number; credited: number | null } | null;
}

export async function reconciliationReport(db: Db, stripe: StripeClient, now = Date.now()) {
  const since = now - RECONCILE_WINDOW_MS;
  const rows = await db.all<OurRow>(
    sql`SELECT cs.id, cs.user_id, cs.status, cs.amount, cs.currency, cs.credits,
          (SELECT e.delta FROM ledger_entries e WHERE e.user_id = cs.user_id AND e.idempotency_key = 'purchase:' || cs.id) AS credited
        FROM checkout_sessions cs WHERE cs.created_at >= ${since}`,
  );
  const ours = new Map(rows.map((r) => [r.id, r]));
  const report = {
    since: new Date(since).toISOString(),
    listed: 0,
    paidNotCredited: [] as ReconciliationItem[],
    creditedNotPaid: [] as ReconciliationItem[],
    mismatched: [] as ReconciliationItem[],
    // Paid subscription invoices (renewals have no Checkout Session): the ones the ledger lacks.
    invoices: { listed: 0, paidNotGranted: [] as InvoiceItem[] },
  };
  const item = (s: Stripe.Checkout.Session | null, r: OurRow | undefined): ReconciliationItem => ({
    sessionId: s?.id ?? r?.id ?? '',
    userId: r?.user_id ?? null,
    stripe: s
      ? { status: s.status, paymentStatus: s.payment_status, amount: s.amount_total, currency: s.currency }
      : null,
    ours: r
      ? { status: r.status, amount: r.amount, currency: r.currency, credits: r.credits, credited: r.credited }
      : null,
  });
  const seen = new Set<string>();
  for await (const session of stripe.checkout.sessions.list({
    created: { gte: Math.floor(since / 1000) },
    limit: 100,
  })) {
    report.listed++;
    seen.add(session.id);
    const row = ours.get(session.id);
    const paid =
      session.status === 'complete' &&
      (session.payment_status === 'paid' || session.payment_status === 'no_payment_required');
    if (paid && (!row || row.credited === null)) report.paidNotCredited.push(item(session, row));
    else if (!paid && row && row.credited !== null) report.creditedNotPaid.push(item(session, row));
    else if (
      row &&
      paid &&
      (session.amount_total !== row.amount ||
        (session.currency ?? '').toLowerCase() !== row.currency ||
        row.credited !== row.credits)
    ) {
      report.mismatched.push(item(session, row));
    }
  }
  // Credited here, unknown to Stripe's list: credited but not (as far as Stripe shows) paid.
  for (const row of rows) {
    if (!seen.has(row.id) && row.credited !== null) report.creditedNotPaid.push(item(null, row));
  }
  const { items } = await recentPaidInvoices(db, stripe, now);
  report.invoices.listed = items.length;
  report.invoices.paidNotGranted = items.filter((i) => i.item.granted === null).map((i) => i.item);
  return report;
}
