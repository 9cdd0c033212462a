// The auto top-up trigger inside a user's BalanceRoom. Every commit's publish passes through the
// room, so it sees each new balance; the check here is O(1) against the room's own storage (the
// threshold the settings route told it, and a "not before" after a decline or the month's limit),
// and the work itself runs in the room's alarm, never in the publish and so never in a spend's
// response path. Alarms run one at a time per object: one run per user at a time, and the D1
// partial unique index (worker/autotopup/attempts.ts) makes it one pending charge even if not.
import { runAutoTopup } from '../autotopup/charge';
import { nextMonthStart } from '../autotopup/month';
import type { PauseMailer } from '../autotopup/pause-mail';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { DECLINE_BACKOFF_MS } from '../vocabulary/auto-topup';

const CONFIG_KEY = 'autoTopup';
const DUE_KEY = 'autoTopupDue';

/** What the room keeps of a user's auto top-up: null when it is off. */
export interface TriggerConfig {
  threshold: number;
  /** No run before this (epoch ms): the hour after a decline, or the 1st after the month's limit. */
  notBefore: number;
}

/** Stores the settings (from PUT /api/auto-topup); when on, a run is due, for a balance already below. */
export async function configure(storage: DurableObjectStorage, threshold: number | null): Promise<boolean> {
  if (threshold === null) {
    await storage.delete([CONFIG_KEY, DUE_KEY]);
    return false;
  }
  await storage.put({ [CONFIG_KEY]: { threshold, notBefore: 0 } satisfies TriggerConfig, [DUE_KEY]: true });
  return true;
}

/** After a publish: is a run due for this balance? (Spendable credit is never above the balance.) */
export async function noteBalance(storage: DurableObjectStorage, credits: number, now: number): Promise<boolean> {
  const config = await storage.get<TriggerConfig>(CONFIG_KEY);
  if (!config || credits >= config.threshold || now < config.notBefore) return false;
  await storage.put(DUE_KEY, true);
  return true;
}

export type TriggerRun = { ran: false } | { ran: true; outcome: Awaited<ReturnType<typeof runAutoTopup>> };

/** In the alarm: runs the due top-up, if any. Throws on a transient failure (the due flag stays, for a retry). */
export async function runIfDue(
  storage: DurableObjectStorage,
  db: Db,
  stripe: () => StripeClient,
  onCommit: OnCommit,
  userId: string,
  now: number,
  /** The room's mail env, for a pause's notice (autotopup/pause-mail.ts). */
  mailer?: PauseMailer,
): Promise<TriggerRun> {
  if (!(await storage.get<boolean>(DUE_KEY))) return { ran: false };
  // Cleared before the run: a publish during it sets it again, and the next alarm looks again.
  await storage.delete(DUE_KEY);
  let outcome: Awaited<ReturnType<typeof runAutoTopup>>;
  try {
    outcome = await runAutoTopup(db, stripe(), onCommit, userId, now, mailer);
  } catch (err) {
    await storage.put(DUE_KEY, true);
    throw err;
  }
  const config = await storage.get<TriggerConfig>(CONFIG_KEY);
  const notBefore =
    outcome === 'failed' ? now + DECLINE_BACKOFF_MS : outcome === 'limit_reached' ? nextMonthStart(now) : 0;
  if (config && notBefore > 0) await storage.put(CONFIG_KEY, { ...config, notBefore });
  return { ran: true, outcome };
}
