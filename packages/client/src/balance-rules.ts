// Which number a live balance shows, as pure rules (tested in balance-rules.test.ts):
// - A socket message carries a `version` that rises with every ledger change. A change message is
//   shown only if its version is newer than the one shown, so a late or duplicated frame can't
//   roll the balance back.
// - The first message after every (re)connect is a snapshot: the server's state read after we
//   connected, so nothing we saw earlier can be newer. It is always accepted, which also replaces
//   any polled number and recovers if the server's counter ever restarted (a reset dev database).
// - A balance from an HTTP read (the site's /api/auth/me, a spend response) has no version. It is
//   shown only while the socket is down, and it keeps the version of the number it replaces: any
//   newer socket message still wins, and once the socket is back the snapshot takes over.
import type { BalanceChange, BalanceMessage, Expiring } from '../../../worker/live/protocol';

export interface Balance {
  credits: number;
  version: number;
  /** Credits reserved by active holds (not spendable until captured or released). */
  held: number;
  /** The soonest lot expiring within 7 days, or null. */
  expiring: Expiring | null;
}

/** What an unversioned read (an HTTP answer) says about the balance. */
export interface PolledBalance {
  credits: number;
  held?: number;
  expiring?: Expiring | null;
}

/** A change pushed by the server, with the balance it produced. */
export interface LiveChange extends BalanceChange {
  credits: number;
  version: number;
}

function sameExpiring(a: Expiring | null, b: Expiring | null): boolean {
  return a === b || (a !== null && b !== null && a.credits === b.credits && a.at === b.at);
}

export function sameBalance(a: Omit<Balance, 'version'>, b: Omit<Balance, 'version'>): boolean {
  return a.credits === b.credits && a.held === b.held && sameExpiring(a.expiring, b.expiring);
}

/** Returns the balance to show after `msg`; returns `current` itself when the message is ignored. */
export function applyBalanceMessage(current: Balance | null, msg: BalanceMessage, isSnapshot = false): Balance | null {
  if (!isSnapshot && current && msg.version <= current.version) return current;
  const next = { credits: msg.credits, held: msg.held ?? 0, expiring: msg.expiring ?? null };
  if (current && current.version === msg.version && sameBalance(current, next)) return current;
  return { ...next, version: msg.version };
}

/** Returns the balance to show after an unversioned read; returns `current` itself when it is ignored. */
export function applyPolledBalance(
  current: Balance | null,
  polled: PolledBalance,
  socketConnected: boolean,
): Balance | null {
  if (socketConnected) return current;
  const next = {
    credits: polled.credits,
    held: polled.held ?? current?.held ?? 0,
    expiring: polled.expiring === undefined ? (current?.expiring ?? null) : polled.expiring,
  };
  if (current && sameBalance(current, next)) return current;
  return { ...next, version: current?.version ?? 0 };
}

const RETRY_BASE_MS = 1_000;
/** The longest wait between two tries, for the socket and the HTTP read alike. */
export const RETRY_MAX_MS = 15_000;

/** Delay before the n-th retry (0-based) of a poll or a reconnect: 1 s, 2 s, 4 s … capped at 15 s. */
export function pollDelay(attempt: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** attempt, RETRY_MAX_MS);
}
