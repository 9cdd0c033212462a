// The operator's picture of a user's subscription: the current one (store.ts) and its invoices
// with what each granted and what refunds took back.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isoDates, type Stored } from '../db/dates';
import { currentSubscription } from './store';

export interface SubscriptionInvoiceView {
  id: string;
  planId: string;
  credits: number;
  amount: number;
  currency: string;
  periodStart: string;
  periodEnd: string;
  paymentIntent: string | null;
  granted: boolean;
  creditsClawed: number;
}

/** An invoice as its SQL reads it: dates in milliseconds and, SQLite having no booleans, `granted` 0 or 1. */
type InvoiceRow = Stored<Omit<SubscriptionInvoiceView, 'granted'>, 'periodStart' | 'periodEnd'> & { granted: 0 | 1 };

/** The operator's view: the current subscription and its invoices, newest period first. */
export async function subscriptionPicture(db: Db, userId: string, limit = 24) {
  const subscription = await currentSubscription(db, userId);
  if (!subscription) return null;
  const rows = await db.all<InvoiceRow>(
    sql`SELECT id, plan_id AS planId, credits, amount, currency, period_start AS periodStart,
          period_end AS periodEnd, payment_intent AS paymentIntent, entry_id IS NOT NULL AS granted,
          credits_clawed AS creditsClawed
        FROM subscription_invoices WHERE user_id = ${userId} ORDER BY period_end DESC LIMIT ${limit}`,
  );
  const invoices: SubscriptionInvoiceView[] = rows.map((r) => ({
    ...isoDates(r, 'periodStart', 'periodEnd'),
    granted: r.granted === 1,
  }));
  return { ...subscription, invoices };
}
