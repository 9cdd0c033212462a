// Wires the ledger to the live sockets: every committed entry is published to the user's
// BalanceRoom in the background. The money operation never waits for it or fails because of it.
import type { Context } from 'hono';
import type { Db } from '../db/client';
import type { AppEnv } from '../env';
import { type AppliedEntry, balanceMessage, type Ledger } from '../ledger/ledger';

export function roomFor(env: Env, userId: string) {
  return env.BALANCE_ROOM.get(env.BALANCE_ROOM.idFromName(userId));
}

export async function publishEntry(env: Env, entry: AppliedEntry): Promise<void> {
  try {
    await roomFor(env, entry.userId).publish(balanceMessage(entry));
  } catch (err) {
    // Logged and dropped: clients resync from the snapshot when they reconnect.
    console.error(
      JSON.stringify({ msg: 'live_publish_failed', userId: entry.userId, version: entry.version, error: String(err) }),
    );
  }
}

/** A ledger whose entries are pushed live, kept alive by `waitUntil` past the response. */
export function createLedger(db: Db, env: Env, waitUntil: (p: Promise<unknown>) => void): Ledger {
  return { db, onApplied: (entry) => waitUntil(publishEntry(env, entry)) };
}

export function ledgerFor(c: Context<AppEnv>): Ledger {
  return createLedger(c.var.db, c.env, (p) => c.executionCtx.waitUntil(p));
}
