// Wires the ledger to the live sockets: every commit's changes are published to each touched
// user's BalanceRoom in the background (with the user's next deadline, for its alarm), and so is
// every change of a user's stored subscription. The money operation never waits for it or fails
// because of it.
import { createDb } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { callsForReceipt, mailReceipts } from '../mail/receipts';
import type { OnSubscriptionChange } from '../subscriptions/store';
import type { Job } from '../vocabulary/jobs';
import { kickDrain } from '../webhooks/drain';
import { type UserUpdate, updatesFor } from './messages';

export function roomFor(env: Env, userId: string) {
  return env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(userId));
}

export async function publishUpdate(env: Env, update: UserUpdate): Promise<void> {
  try {
    await roomFor(env, update.userId).publish(update);
  } catch (err) {
    // Logged and dropped: clients resync from the snapshot when they reconnect, and the cron
    // sweeps whatever an alarm that was never set would have.
    console.error(JSON.stringify({ msg: 'live_publish_failed', userId: update.userId, error: String(err) }));
  }
}

/**
 * Publishes every commit live, kept alive by `waitUntil` past the response. `onPushed`, if given,
 * receives each commit's push (it never rejects), for work its caller wants behind it.
 */
export function publishingTo(
  env: Env,
  waitUntil: (p: Promise<unknown>) => void,
  onPushed?: (pushed: Promise<unknown>) => void,
): OnCommit {
  return (committed) => {
    const published = Promise.all(updatesFor(committed).map((update) => publishUpdate(env, update)));
    waitUntil(published);
    onPushed?.(published);
    // The commit wrote its webhook events in its own batch; start their delivery now (drain.ts):
    // with no endpoint it costs nothing, with one it is another push, to the app's backend.
    waitUntil(kickDrain(createDb(env.DB), env.WEBHOOKS_QUEUE));
    // A pack bought or a plan paid: its receipt by email, once (mail/receipts.ts), after the push
    // rather than racing it for the isolate (publishUpdate never throws).
    if (committed.entries.some(callsForReceipt))
      waitUntil(published.then(() => mailReceipts(env, createDb(env.DB), committed)));
  };
}

/** What publishing needs of a request's context (a Hono Context is one): its bindings and waitUntil. */
export interface RequestScope {
  env: Env;
  executionCtx: { waitUntil(promise: Promise<unknown>): void };
}

/** The request's listener: what a route passes to every ledger call. */
export function onCommitFor(c: RequestScope): OnCommit {
  return publishingTo(c.env, (p) => c.executionCtx.waitUntil(p));
}

/**
 * The request's listener, and `pushed()`: settles once everything it published so far has gone out,
 * for after-work nobody waits for (a log line) that must not race the push for the isolate.
 */
export function onCommitWithPushes(c: RequestScope): { onCommit: OnCommit; pushed: () => Promise<void> } {
  const pushes: Promise<unknown>[] = [];
  const onCommit = publishingTo(
    c.env,
    (p) => c.executionCtx.waitUntil(p),
    (p) => pushes.push(p),
  );
  return { onCommit, pushed: async () => void (await Promise.all(pushes)) };
}

/** Pushes a Studio job's change to its user's sockets, in the background; never fails the caller. */
export function publishJob(c: RequestScope, userId: string, job: Job): void {
  c.executionCtx.waitUntil(
    roomFor(c.env, userId)
      .publishJob({ type: 'job', job })
      .catch((err) => console.error(JSON.stringify({ msg: 'job_publish_failed', jobId: job.id, error: String(err) }))),
  );
}

/**
 * Publishes every change of a user's stored subscription live, in the background. Only the user id
 * travels: the room reads the state itself, so pushes that arrive out of order still end on the truth.
 */
export function publishingSubscriptionsTo(env: Env, waitUntil: (p: Promise<unknown>) => void): OnSubscriptionChange {
  return (userId) => {
    // The change wrote its subscription.updated in its own batch; start its delivery now.
    waitUntil(kickDrain(createDb(env.DB), env.WEBHOOKS_QUEUE));
    waitUntil(
      roomFor(env, userId)
        .publishSubscription(userId)
        .catch((err) =>
          console.error(JSON.stringify({ msg: 'subscription_publish_failed', userId, error: String(err) })),
        ),
    );
  };
}

/** The request's subscription listener: what a route passes to the subscription write path. */
export function onSubscriptionFor(c: RequestScope): OnSubscriptionChange {
  return publishingSubscriptionsTo(c.env, (p) => c.executionCtx.waitUntil(p));
}
