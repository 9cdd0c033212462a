// What a BalanceRoom does when its alarm rings: re-checks its watchers, sweeps the user's due lots
// and holds (pushing each change to the room's sockets), runs a due auto top-up, and re-arms for the
// next deadline. Alarms fire at least once, so every step is idempotent.
import { createDb, type Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { sweepUser } from '../ledger/expiry';
import { callsForReceipt, mailReceipts } from '../mail/receipts';
import { stripeClient } from '../stripe/client';
import { kickDrain } from '../webhooks/drain';
import { runIfDue } from './auto-topup-trigger';
import { armBy, RETRY_MS, roomUser } from './deadlines';
import { type UserUpdate, updatesFor } from './messages';
import { closeEndedWatchers, WATCH_CHECK_MS } from './watchers';

/** What the alarm needs of its room: its state and bindings, and its publish (versioned, fanned out). */
export interface RingingRoom {
  ctx: DurableObjectState;
  env: Env;
  publish(update: UserUpdate): Promise<number>;
}

/**
 * The user's next deadline has come: sweep what is due and re-arm for the deadline after it. An
 * early wake (a hold extended since) finds nothing due and simply re-arms.
 */
export async function ring(room: RingingRoom): Promise<void> {
  const { storage } = room.ctx;
  const db = createDb(room.env.DB);
  await checkWatchers(room, db);
  const userId = await roomUser(storage);
  if (!userId) return;
  try {
    const pending: Promise<number>[] = [];
    const result = await sweepUser(
      db,
      (committed) => {
        for (const update of updatesFor(committed)) pending.push(room.publish(update));
      },
      userId,
      Date.now(),
    );
    await Promise.all(pending);
    await runTopup(room, db, userId);
    const next = result.state?.nextDeadline ?? null;
    // Never later than an alarm a publish armed while we swept (a new hold due sooner than `next`,
    // committed after the sweep read the state).
    if (next !== null) await armBy(storage, Math.max(next, Date.now() + 1));
  } catch (err) {
    console.error(JSON.stringify({ msg: 'sweep_alarm_failed', userId, error: String(err) }));
    await armBy(storage, Date.now() + RETRY_MS);
  }
}

/** A due auto top-up (a publish found the balance below the threshold); retried after a transient failure. */
async function runTopup(room: RingingRoom, db: Db, userId: string): Promise<void> {
  const pending: Promise<unknown>[] = [];
  try {
    await runIfDue(
      room.ctx.storage,
      db,
      () => stripeClient(room.env),
      selfPublishing(room, pending),
      userId,
      Date.now(),
      { env: room.env, waitUntil: (p) => pending.push(p) },
    );
  } catch (err) {
    console.error(JSON.stringify({ msg: 'auto_topup_failed', userId, error: String(err) }));
    await armBy(room.ctx.storage, Date.now() + RETRY_MS);
  }
  await Promise.all(pending);
}

/** Commits made inside the room (its top-up): pushed to its own sockets, events drained, receipts mailed. */
function selfPublishing(room: RingingRoom, pending: Promise<unknown>[]): OnCommit {
  return (committed) => {
    for (const update of updatesFor(committed)) pending.push(room.publish(update));
    pending.push(kickDrain(createDb(room.env.DB), room.env.WEBHOOKS_QUEUE).catch(() => undefined));
    // The top-up's receipt: this commit never passes through live/publisher.ts (mailReceipts never throws).
    if (committed.entries.some(callsForReceipt)) pending.push(mailReceipts(room.env, createDb(room.env.DB), committed));
  };
}

/** Closes watchers whose operator session ended or lost the role; re-arms while any remain. */
async function checkWatchers(room: RingingRoom, db: Db): Promise<void> {
  try {
    const open = await closeEndedWatchers(db, room.ctx.getWebSockets());
    if (open > 0) await armBy(room.ctx.storage, Date.now() + WATCH_CHECK_MS);
  } catch (err) {
    console.error(JSON.stringify({ msg: 'watch_check_failed', error: String(err) }));
    await armBy(room.ctx.storage, Date.now() + RETRY_MS);
  }
}
