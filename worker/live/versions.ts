// The room's version bookkeeping: the last balance message it sent, kept durable (hibernation wipes
// instance fields), so no socket is ever sent a version older than one already sent.
import type { BalanceMessage } from './protocol';

const LATEST_KEY = 'latest';

/** The last message this room has sent (survives hibernation and restarts). */
export async function lastSent(storage: DurableObjectStorage): Promise<BalanceMessage | undefined> {
  return storage.get<BalanceMessage>(LATEST_KEY);
}

/**
 * Of `messages` (oldest first), those newer than everything sent so far, remembered as sent. Two
 * commits can publish out of order: the older one's versions are dropped here, not sent.
 */
export async function takeFresh(storage: DurableObjectStorage, messages: BalanceMessage[]): Promise<BalanceMessage[]> {
  let latest = await lastSent(storage);
  const fresh = messages.filter((m) => {
    if (latest && latest.version >= m.version) return false;
    latest = m;
    return true;
  });
  if (fresh.length === 0) return fresh;
  // allowUnconfirmed: don't hold the frames the caller sends next behind the write's confirmation
  // (the output gate). Losing this write in a crash only lets an older version through once, which
  // every client ignores anyway.
  await storage.put(LATEST_KEY, fresh.at(-1), { allowUnconfirmed: true });
  return fresh;
}

/** A new socket's first frame: the Worker's D1 snapshot, unless a newer change was sent after it read D1. */
export async function firstFrame(storage: DurableObjectStorage, snapshot: BalanceMessage): Promise<BalanceMessage> {
  const latest = await lastSent(storage);
  return latest && latest.version > snapshot.version ? { ...latest, change: undefined } : snapshot;
}
