// The operator's picture of a user's subscription: the current one (store.ts) and its invoices
// with what each granted and what refunds took back.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
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

/** The operator's view: the current subscription and its invoices, newest period first. */
export async function subscriptionPicture(db: Db, userId: string, limit = 24) {
  const subscription = await currentSubscription(db, userId);
  if (!subscription) return null;
  const rows = await db.all<{
    id: string;
    plan_id: string;
    credits: number;
    amount: number;
    currency: string;
    period_start: number;
    period_end: number;
    payment_intent: string | null;
    entry_id: number | null;
    credits_clawed: number;
  }>(sql`SELECT id, plan_id, credits, amount, currency, period_start, period_end, payment_intent, entry_id,
      credits_clawed FROM subscription_invoices WHERE user_id = ${userId} ORDER BY period_end DESC LIMIT ${limit}`);
  const invoices: SubscriptionInvoiceView[] = rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    credits: r.credits,
    amount: r.amount,
    currency: r.currency,
    periodStart: new Date(r.period_start).toISOString(),
    periodEnd: new Date(r.period_end).toISOString(),
    paymentIntent: r.payment_intent,
    granted: r.entry_id !== null,
    creditsClawed: r.credits_clawed,
  }));
  return { ...subscription, invoices };
}
