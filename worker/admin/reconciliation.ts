// The reconciliation report: Stripe's Checkout Sessions of the last 72 hours against our rows and
// the ledger. Paid but not credited (a lost webhook the cron has not settled yet), credited but not
// paid, and amounts that disagree (what Stripe charged vs the pack we recorded, or the purchase
// entry vs the pack's credits); and paid subscription invoices the ledger has not granted. A plan's
// session is credited by its first invoice's grant, never by a `purchase:` entry: it is matched
// through that grant (it used to sit under "paid but not credited" forever). Each item names the
// user by email too, so the page can say who and link to them.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { AppError, serviceUnavailable } from '../errors';
import type { Stripe, StripeClient } from '../stripe/client';
import { RECONCILE_WINDOW_MS } from '../stripe/client';
import { type InvoiceItem, recentPaidInvoices } from '../subscriptions/reconcile';

interface OurRow {
  id: string;
  user_id: string;
  email: string;
  status: string;
  amount: number;
  currency: string;
  credits: number;
  credited: number | null;
}

export interface ReconciliationItem {
  sessionId: string;
  userId: string | null;
  email: string | null;
  stripe: { status: string | null; paymentStatus: string; amount: number | null; currency: string | null } | null;
  ours: { status: string; amount: number; currency: string; credits: number; credited: number | null } | null;
}

/** The report, or 503 stripe_unavailable when Stripe cannot be listed (never a 500). */
export async function reconciliationReport(db: Db, stripe: StripeClient, now = Date.now()) {
  try {
    return await buildReport(db, stripe, now);
  } catch (err) {
    if (err instanceof AppError) throw err;
    console.error(JSON.stringify({ msg: 'admin_reconciliation_failed', error: String(err) }));
    throw serviceUnavailable('stripe_unavailable', 'Stripe could not be reached, so there is no report. Try again.');
  }
}

async function buildReport(db: Db, stripe: StripeClient, now: number) {
  const since = now - RECONCILE_WINDOW_MS;
  const rows = await db.all<OurRow>(
    sql`SELECT cs.id, cs.user_id, u.email, cs.status, cs.amount, cs.currency, cs.credits,
          CASE cs.mode WHEN 'subscription' THEN
            (SELECT e.delta FROM subscription_invoices si JOIN ledger_entries e ON e.id = si.entry_id
              WHERE si.id = cs.invoice_id)
          ELSE (SELECT e.delta FROM ledger_entries e WHERE e.user_id = cs.user_id AND e.idempotency_key = 'purchase:' || cs.id)
          END AS credited
        FROM checkout_sessions cs JOIN users u ON u.id = cs.user_id WHERE cs.created_at >= ${since}`,
  );
  const ours = new Map(rows.map((r) => [r.id, r]));
  const report = {
    since: new Date(since).toISOString(),
    listed: 0,
    paidNotCredited: [] as ReconciliationItem[],
    creditedNotPaid: [] as ReconciliationItem[],
    mismatched: [] as ReconciliationItem[],
    // Paid subscription invoices (renewals have no Checkout Session): the ones the ledger lacks.
    invoices: { listed: 0, paidNotGranted: [] as (InvoiceItem & { userId: string | null; email: string | null })[] },
  };
  const item = (s: Stripe.Checkout.Session | null, r: OurRow | undefined): ReconciliationItem => ({
    sessionId: s?.id ?? r?.id ?? '',
    userId: r?.user_id ?? null,
    email: r?.email ?? null,
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
  const missing = items.filter((i) => i.item.granted === null).map((i) => i.item);
  // Named by email too: the customer is ours through their Stripe Customer.
  const customers = [...new Set(missing.map((i) => i.customer).filter((c): c is string => c !== null))];
  const owners = customers.length
    ? await db.all<{ id: string; email: string; stripe_customer_id: string }>(
        sql`SELECT id, email, stripe_customer_id FROM users WHERE stripe_customer_id IN (${sql.join(
          customers.map((c) => sql`${c}`),
          sql`, `,
        )})`,
      )
    : [];
  const owner = new Map(owners.map((o) => [o.stripe_customer_id, o]));
  report.invoices.paidNotGranted = missing.map((i) => {
    const o = i.customer ? owner.get(i.customer) : undefined;
    return { ...i, userId: o?.id ?? null, email: o?.email ?? null };
  });
  return report;
}
