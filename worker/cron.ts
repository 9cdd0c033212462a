// The scheduled handler, one part per trigger (at a ten-minute mark both fire, each doing its own).
// Every minute: sweep expired lots and holds (the safety net under each user's BalanceRoom alarm),
// drain the webhook outbox (the safety net under each commit's drain), redrive lost deliveries and
// send receipts still owed (a send that failed). Every ten minutes: reconcile Stripe's recent
// Checkout Sessions, paid subscription invoices and auto top-up attempts against the ledger, and
// delete expired login sessions and browser tokens. `GET /__scheduled` in dev does both.
import { deleteExpiredSessions } from './accounts/sessions';
import { deleteExpiredBrowserTokens } from './apps/browser-tokens';
import { reconcilePendingAttempts } from './autotopup/reconcile';
import { createDb, type Db } from './db/client';
import type { OnCommit } from './ledger/commit';
import { sweepDue } from './ledger/expiry';
import { configureLowBalanceDefault } from './ledger/outbox';
import { publishingTo } from './live/publisher';
import { sendOwedReceipts } from './mail/owed-receipts';
import { reconcileRecentSessions } from './settlement/reconcile';
import { stripeClient } from './stripe/client';
import { reconcileRecentInvoices } from './subscriptions/reconcile';
import { DISABLE_AFTER_MS } from './webhooks/delivery';
import { drainOutbox } from './webhooks/drain';
import { redrive } from './webhooks/redrive';

export const SWEEP_CRON = '* * * * *';
/** wrangler.toml's second trigger. At its minutes both fire, as two runs: each does its own part. */
export const RECONCILE_CRON = '*/10 * * * *';

/** One safety net's run: a failure is logged as `{name}_failed` and leaves the others to run. */
const logged = <T>(name: string, run: Promise<T>): Promise<T | null> =>
  run.catch((err) => {
    console.error(JSON.stringify({ msg: `${name}_failed`, error: String(err) }));
    return null;
  });

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const db = createDb(env.DB);
  configureLowBalanceDefault(env.LOW_BALANCE_CREDITS);
  const onCommit = publishingTo(env, (p) => ctx.waitUntil(p));
  // A run with neither trigger's name (`GET /__scheduled` in dev) does both parts.
  if (controller.cron !== RECONCILE_CRON) await everyMinute(controller, env, db, onCommit);
  if (controller.cron !== SWEEP_CRON) await everyTenMinutes(controller, env, ctx, db, onCommit);
}

/** The safety nets under each user's alarm and each commit's own follow-up. */
async function everyMinute(controller: ScheduledController, env: Env, db: Db, onCommit: OnCommit): Promise<void> {
  const started = performance.now();
  const swept = await sweepDue(db, onCommit, controller.scheduledTime);
  console.log(JSON.stringify({ msg: 'sweep', ...swept, ms: Math.round(performance.now() - started) }));
  // The outbox's safety net: events a commit's own drain missed (it failed, or the isolate died).
  const drained = await logged('webhook_drain', drainOutbox(db, env.WEBHOOKS_QUEUE, controller.scheduledTime));
  if (drained?.events) console.log(JSON.stringify({ msg: 'webhook_drain', ...drained }));
  // Deliveries owed whose queue message was lost (an in-memory queue stopped mid-retry, a crash).
  const windowMs = (Number(env.WEBHOOK_DISABLE_AFTER_SECONDS) || DISABLE_AFTER_MS / 1000) * 1000;
  const redriven = await logged('webhook_redrive', redrive(db, env.WEBHOOKS_QUEUE, controller.scheduledTime, windowMs));
  if (redriven?.redriven.length || redriven?.expired) {
    console.log(
      JSON.stringify({ msg: 'webhook_redrive', redriven: redriven.redriven.length, expired: redriven.expired }),
    );
  }
  // Receipts whose send failed (the provider refused, the network): nothing else sends them again.
  await sendOwedReceipts(env, db, controller.scheduledTime);
}

/** Reconciliation against Stripe, and the expired logins and browser tokens. */
async function everyTenMinutes(
  controller: ScheduledController,
  env: Env,
  ctx: ExecutionContext,
  db: Db,
  onCommit: OnCommit,
): Promise<void> {
  const stripe = stripeClient(env);
  const report = await reconcileRecentSessions(db, onCommit, stripe, controller.scheduledTime);
  // Subscription invoices too: a lost `invoice.paid` (a renewal has no Checkout Session) loses nothing.
  const invoices = await logged(
    'reconcile_invoices',
    reconcileRecentInvoices(db, onCommit, stripe, controller.scheduledTime),
  );
  // Auto top-up attempts whose answer and webhook were both lost.
  const mailer = { env, waitUntil: (p: Promise<unknown>) => ctx.waitUntil(p) };
  const topups = await logged(
    'reconcile_topups',
    reconcilePendingAttempts(db, stripe, onCommit, controller.scheduledTime, mailer),
  );
  await deleteExpiredSessions(db);
  await deleteExpiredBrowserTokens(db);
  console.log(JSON.stringify({ msg: 'reconcile', cron: controller.cron, ...report, invoices, topups }));
}
