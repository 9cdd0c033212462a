// The subscriptions table: Stripe's subscriptions as the newest thing we were told about them (an
// event, or a retrieve). Events arrive in any order and any number of times: each write carries
// the event's `created` and a rank (period end, then status progress), and an older one never
// overwrites a newer state. Every write that changes a row tells an OnSubscriptionChange (the live
// publisher), after the batch committed.

import { sql } from 'drizzle-orm';
import { runBatch, runBatchReading } from '../db/batch';
import type { Db } from '../db/client';
import { isoOrNull } from '../db/dates';
import { idOf } from '../stripe/client';
import { type EventRef, type FulfilResult, recordEvent } from '../stripe/event-log';
import type { SubscriptionObject } from '../stripe/event-schemas';
import type { SubscriptionView } from '../vocabulary/subscription-view';
import { isSubscriptionStatus, LIVE_SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../vocabulary/subscriptions';
import type { VoidReason } from '../vocabulary/void-reasons';
import { subscriptionUpdatedSql } from './outbox';
import { findPlan, planOfProduct } from './plans';

export type { SubscriptionView };

/**
 * Told after a write changed a user's stored subscription, so their open pages learn it (a failed
 * renewal changes no credits, so nothing else would be pushed). Must never throw into the write path.
 */
export type OnSubscriptionChange = (userId: string) => void;

/** For callers with nobody to tell (tests of pure rules, or a path whose grant is pushed anyway). */
export const ignoreSubscriptionChanges: OnSubscriptionChange = () => {};

function notify(onChange: OnSubscriptionChange, userId: string): void {
  try {
    onChange(userId);
  } catch (err) {
    // The state is already stored; a failed notification must not turn that into an error.
    console.error(JSON.stringify({ msg: 'subscription_listener_failed', userId, error: String(err) }));
  }
}

/** A subscription as its event (or a retrieve, parsed with the same schema) tells it. */
export type SubscriptionSnapshot = SubscriptionObject;

/**
 * Ties (the same `created` second, as events around one test-clock time are) resolve by period
 * end, then by this rank, the same way whatever the delivery order. Within a period a failed
 * payment comes before the retry that pays it, so `active` outranks `past_due` and `unpaid`; a
 * renewal that fails reports `past_due` for the new period directly.
 */
const STATUS_RANK: Record<SubscriptionStatus, number> = {
  incomplete: 0,
  incomplete_expired: 1,
  trialing: 2,
  past_due: 3,
  unpaid: 4,
  active: 5,
  paused: 6,
  canceled: 7,
};

const rankOf = (periodEnd: number | null, status: string) =>
  (periodEnd ?? 0) * 16 + (isSubscriptionStatus(status) ? STATUS_RANK[status] : 0);

/** Newer than what is stored (over `subscriptions` and the candidate's values). */
const newer = (sourceAt: number, rank: number) =>
  sql`(${sourceAt} > subscriptions.source_at OR (${sourceAt} = subscriptions.source_at AND ${rank} >= subscriptions.source_rank))`;

export function planOfSubscription(sub: SubscriptionSnapshot) {
  return planOfProduct(sub.items.data[0]?.price?.product) ?? findPlan(sub.metadata?.planId);
}

/** The user a Stripe object belongs to: its customer (ours), else the userId we put in its metadata. */
export async function resolveUser(
  db: Db,
  customer: string | { id: string } | null | undefined,
  metadataUserId: string | null | undefined,
): Promise<string | null> {
  const customerId = idOf(customer);
  const [row] = await db.all<{ id: string }>(
    sql`SELECT COALESCE((SELECT id FROM users WHERE stripe_customer_id = ${customerId}),
                        (SELECT id FROM users WHERE id = ${metadataUserId ?? null})) AS id`,
  );
  return row?.id ?? null;
}

/**
 * Records what a subscription event (or a retrieve, `sourceAt` = now) says, unless we already
 * hold something newer. `sourceAt` is in seconds, as Stripe's `created`.
 */
export async function recordSubscription(
  db: Db,
  onChange: OnSubscriptionChange,
  sub: SubscriptionSnapshot,
  sourceAt: number,
  event?: EventRef,
  now = Date.now(),
): Promise<FulfilResult> {
  const userId = await resolveUser(db, sub.customer, sub.metadata?.userId);
  const plan = planOfSubscription(sub);
  if (!userId || !plan) {
    if (event) await runBatch(db, recordEvent(event, sub.id));
    return { outcome: 'ignored', entries: [], userId: userId ?? undefined };
  }
  const periodEnd = sub.items.data[0]?.current_period_end ?? null;
  const rank = rankOf(periodEnd, sub.status);
  // Read by name: without an event there is no event statement ahead of the upsert.
  // `outbox` directly after the upsert: it reports the change in the same transaction (outbox.ts).
  const { changed } = await runBatchReading<{ changed: { id: string }; outbox: never }>(
    db,
    recordEvent(event, sub.id),
    {
      changed: sql`INSERT INTO subscriptions (id, user_id, plan_id, status, current_period_end, cancel_at_period_end,
          source_at, source_rank, updated_at)
        VALUES (${sub.id}, ${userId}, ${plan.id}, ${sub.status}, ${periodEnd === null ? null : periodEnd * 1000},
          ${sub.cancel_at_period_end ? 1 : 0}, ${sourceAt}, ${rank}, ${now})
        ON CONFLICT (id) DO UPDATE SET plan_id = excluded.plan_id, status = excluded.status,
          current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
          source_at = excluded.source_at, source_rank = excluded.source_rank, updated_at = excluded.updated_at
        WHERE ${newer(sourceAt, rank)}
        RETURNING id`,
      outbox: subscriptionUpdatedSql(sub.id, now),
    },
  );
  if (!changed.length) return { outcome: 'not_applicable', entries: [], userId };
  notify(onChange, userId);
  return { outcome: 'recorded', entries: [], userId };
}

/**
 * `invoice.payment_failed`: the subscription is past due (Stripe's own `customer.subscription.updated`
 * says so too; whichever comes first). Nothing is granted.
 */
export async function markPastDue(
  db: Db,
  onChange: OnSubscriptionChange,
  subscriptionId: string,
  /** The failed invoice's service period end (seconds): the period it is past due for. */
  periodEnd: number,
  sourceAt: number,
  event: EventRef,
  now = Date.now(),
): Promise<FulfilResult> {
  const rank = rankOf(periodEnd, 'past_due');
  const [, rows] = await runBatch<{ user_id: string }>(db, [
    ...recordEvent(event, subscriptionId),
    sql`UPDATE subscriptions SET status = 'past_due', source_at = ${sourceAt}, source_rank = ${rank},
          current_period_end = MAX(COALESCE(current_period_end, 0), ${periodEnd * 1000}), updated_at = ${now}
        WHERE id = ${subscriptionId} AND status IN ('active', 'trialing') AND ${newer(sourceAt, rank)}
        RETURNING user_id`,
    subscriptionUpdatedSql(subscriptionId, now),
  ]);
  const userId = rows?.[0]?.user_id;
  if (!userId) return { outcome: 'not_applicable', entries: [], userId };
  notify(onChange, userId);
  return { outcome: 'recorded', entries: [], userId };
}

/** The user's subscription: the live one, else the most recently changed one; null if none. */
export async function currentSubscription(db: Db, userId: string): Promise<SubscriptionView | null> {
  const live = sql.join(
    LIVE_SUBSCRIPTION_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  // The allowance's plan: the newest period of this subscription that was granted (entry_id set).
  const [row] = await db.all<{
    id: string;
    plan_id: string;
    status: string;
    current_period_end: number | null;
    cancel_at_period_end: number;
    allowance_plan_id: string | null;
  }>(sql`SELECT s.id, s.plan_id, s.status, s.current_period_end, s.cancel_at_period_end,
        (SELECT si.plan_id FROM subscription_invoices si WHERE si.subscription_id = s.id AND si.user_id = s.user_id
           AND si.entry_id IS NOT NULL ORDER BY si.period_end DESC LIMIT 1) AS allowance_plan_id
      FROM subscriptions s
      WHERE s.user_id = ${userId}
      ORDER BY CASE WHEN s.status IN (${live}) THEN 0 ELSE 1 END, s.updated_at DESC, s.rowid DESC LIMIT 1`);
  if (!row) return null;
  const currentPeriodEnd = isoOrNull(row.current_period_end);
  const switching = row.allowance_plan_id !== null && row.allowance_plan_id !== row.plan_id;
  return {
    id: row.id,
    planId: row.plan_id,
    status: row.status,
    currentPeriodEnd,
    cancelAtPeriodEnd: row.cancel_at_period_end === 1,
    allowancePlanId: row.allowance_plan_id,
    // A subscription ending at the period's end switches to nothing: no pending plan to announce.
    pendingPlan: switching && row.cancel_at_period_end !== 1 ? { planId: row.plan_id, at: currentPeriodEnd } : null,
  };
}

/** The app cancelled this subscription itself (guard.ts); the first decision's reason and time stay. */
export async function markVoided(db: Db, subscriptionId: string, reason: VoidReason, now = Date.now()) {
  await db.run(sql`UPDATE subscriptions SET voided_reason = COALESCE(voided_reason, ${reason}),
      voided_at = COALESCE(voided_at, ${now}) WHERE id = ${subscriptionId}`);
}

/** How long `GET /api/subscription` keeps telling the user about a second subscription we cancelled. */
export const NOTICE_MS = 30 * 24 * 60 * 60 * 1000;

export interface SubscriptionNotice {
  code: 'duplicate_subscription_canceled';
  subscriptionId: string;
  planId: string;
  /** ISO-8601: when the app cancelled it and refunded its payment. */
  canceledAt: string;
}

/** The newest second subscription the app cancelled and refunded in the last 30 days, if any. */
export async function subscriptionNotice(db: Db, userId: string, now = Date.now()): Promise<SubscriptionNotice | null> {
  const [row] = await db.all<{ id: string; plan_id: string; voided_at: number }>(
    sql`SELECT id, plan_id, voided_at FROM subscriptions WHERE user_id = ${userId} AND voided_reason = 'duplicate'
        AND voided_at > ${now - NOTICE_MS} ORDER BY voided_at DESC, rowid DESC LIMIT 1`,
  );
  if (!row) return null;
  return {
    code: 'duplicate_subscription_canceled',
    subscriptionId: row.id,
    planId: row.plan_id,
    canceledAt: new Date(row.voided_at).toISOString(),
  };
}
