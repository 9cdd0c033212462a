// The operator's view of users: search (any part of the email, or an exact id: theirs or Stripe's),
// and one user's whole money picture (balance, held, lots, holds, purchases, subscription, ledger).
import { sql } from 'drizzle-orm';
import { findAccount } from '../accounts/users';
import { internalNotes } from '../audit/log';
import { listAttempts } from '../autotopup/attempts';
import { readAutoTopup } from '../autotopup/settings';
import type { Db } from '../db/client';
import { listHolds } from '../ledger/holds';
import { listEntries, listLots } from '../ledger/reading';
import { subscriptionPicture } from '../subscriptions/picture';
import type { CheckoutStatus } from '../vocabulary/checkout-statuses';

export interface UserSummary {
  id: string;
  email: string;
  credits: number;
  held: number;
  /** The live (else latest) subscription's plan and status, or null. */
  plan: { planId: string; status: string } | null;
  createdAt: string;
}

/** The longest search the console accepts (a pasted id or email fits with room to spare). */
export const MAX_SEARCH_LENGTH = 200;

/**
 * Up to 20 users matching `query`: their id or external id, a Checkout Session, PaymentIntent or
 * invoice id of theirs, their Stripe customer or subscription id (all exact), or any part of their email
 * (case-insensitive). `instr`, not LIKE: D1 refuses LIKE patterns over 50 bytes (a pasted session
 * id was a 500), and `instr` has no wildcards to escape. Each id is an indexed lookup; the email
 * part scans users, as any "contains" search must.
 */
export async function searchUsers(db: Db, query: string): Promise<UserSummary[]> {
  const exact = query.trim();
  const part = exact.toLowerCase();
  const rows = await db.all<{
    id: string;
    email: string;
    credits: number;
    held: number;
    created_at: number;
    plan_id: string | null;
    plan_status: string | null;
  }>(
    sql`SELECT u.id, u.email, u.credits, u.created_at,
          (SELECT COALESCE(SUM(h.amount), 0) FROM holds h WHERE h.user_id = u.id AND h.status = 'active') AS held,
          s.plan_id, s.status AS plan_status
        FROM users u
        LEFT JOIN subscriptions s ON s.id = (SELECT s2.id FROM subscriptions s2 WHERE s2.user_id = u.id
          ORDER BY s2.status IN ('active', 'trialing', 'past_due') DESC, s2.updated_at DESC LIMIT 1)
        WHERE u.id = ${exact} OR u.external_id = ${exact} OR u.stripe_customer_id = ${exact}
          OR instr(lower(u.email), ${part}) > 0
          OR u.id IN (SELECT user_id FROM checkout_sessions
            WHERE id = ${exact} OR payment_intent = ${exact} OR invoice_id = ${exact})
          OR u.id IN (SELECT user_id FROM subscription_invoices WHERE id = ${exact} OR payment_intent = ${exact})
          OR u.id IN (SELECT user_id FROM subscriptions WHERE id = ${exact})
        ORDER BY u.email LIMIT 20`,
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    credits: r.credits,
    held: r.held,
    plan: r.plan_id ? { planId: r.plan_id, status: r.plan_status ?? '' } : null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export interface Purchase {
  sessionId: string;
  packId: string;
  credits: number;
  amount: number;
  currency: string;
  status: CheckoutStatus;
  amountRefunded: number;
  paymentIntent: string | null;
  createdAt: string;
}

export async function listPurchases(db: Db, userId: string, limit = 50): Promise<Purchase[]> {
  const rows = await db.all<{
    id: string;
    pack_id: string;
    credits: number;
    amount: number;
    currency: string;
    status: CheckoutStatus;
    amount_refunded: number;
    payment_intent: string | null;
    created_at: number;
  }>(sql`SELECT * FROM checkout_sessions WHERE user_id = ${userId} ORDER BY created_at DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    sessionId: r.id,
    packId: r.pack_id,
    credits: r.credits,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    amountRefunded: r.amount_refunded,
    paymentIntent: r.payment_intent,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** Everything about one user's money, or null for an unknown user. */
export async function userPicture(db: Db, userId: string, now = Date.now()) {
  const user = await findAccount(db, { id: userId }, now);
  if (!user) return null;
  const [lots, holds, purchases, ledger, [meta], subscription, notes, autoTopup, autoTopupAttempts] = await Promise.all(
    [
      listLots(db, userId, now),
      listHolds(db, userId, undefined, 50),
      listPurchases(db, userId),
      listEntries(db, userId, 50),
      db.all<{ role: string; created_at: number; stripe_customer_id: string | null }>(
        sql`SELECT role, created_at, stripe_customer_id FROM users WHERE id = ${userId}`,
      ),
      subscriptionPicture(db, userId),
      internalNotes(db, userId),
      readAutoTopup(db, userId, now),
      listAttempts(db, userId),
    ],
  );
  return {
    user: {
      id: user.id,
      email: user.email,
      credits: user.credits,
      held: user.held,
      expiring: user.expiring,
      role: meta?.role ?? 'user',
      stripeCustomerId: meta?.stripe_customer_id ?? null,
      createdAt: new Date(meta?.created_at ?? 0).toISOString(),
    },
    lots,
    holds,
    purchases,
    // The live (else latest) subscription with its invoices and grants; null if the user never subscribed.
    subscription,
    // Each entry with the internal side of an operator's adjustment (reason, operator), or null.
    ledger: { ...ledger, entries: ledger.entries.map((e) => ({ ...e, internal: notes.get(e.id) ?? null })) },
    // Auto top-up: the settings as the user sees them, and the latest attempts.
    autoTopup: { ...autoTopup, attempts: autoTopupAttempts },
  };
}
