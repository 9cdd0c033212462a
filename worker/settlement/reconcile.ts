// Reconciliation (cron): a missed or misconfigured webhook loses nothing. Pages through Stripe's
// recent Checkout Sessions and settles every one we still hold as pending.
import { pendingSessionIds } from '../billing/sessions';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { RECONCILE_WINDOW_MS, type StripeClient } from '../stripe/client';
import type { FulfilResult } from '../stripe/event-log';
import { type ReconcileTally, tally } from '../subscriptions/reconcile';
import { settleCheckoutSession } from '../subscriptions/session-settle';

export interface ReconcileReport extends ReconcileTally {
  pending: number;
  credited: number;
}

export async function reconcileRecentSessions(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  now = Date.now(),
): Promise<ReconcileReport> {
  const since = now - RECONCILE_WINDOW_MS;
  // One query for what we still consider pending; Stripe is asked about everything recent, but
  // only those rows cost a D1 write.
  const pending = await pendingSessionIds(db, since);
  const report: ReconcileReport = { listed: 0, pending: pending.size, credited: 0, outcomes: {} };
  if (pending.size === 0) return report;

  for await (const session of stripe.checkout.sessions.list({
    created: { gte: Math.floor(since / 1000) },
    limit: 100,
  })) {
    report.listed++;
    if (!pending.has(session.id)) continue;
    const result: FulfilResult = await settleCheckoutSession(db, onCommit, stripe, session, now);
    tally(report, result.outcome);
    if (result.outcome === 'credited') report.credited++;
  }
  return report;
}
