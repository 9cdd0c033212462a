// The ledger's vocabulary, defined once: entry kinds and lot sources. The schema, the wire
// protocol and the site all take these from here.

/**
 * What an entry did. Credits in: `purchase`, `subscription`, `grant` (each opens a lot), and the
 * returns `release` (what a hold gives back: the uncaptured rest of a capture, or all of a released
 * or expired hold) and `dispute_reversal`. Debits: `spend`, `hold`, `expire`, `refund`, `dispute`,
 * `adjustment`. (API.md's list, exactly.)
 */
export const LEDGER_KINDS = [
  'purchase',
  'subscription',
  'grant',
  'spend',
  'hold',
  'release',
  'expire',
  'refund',
  'dispute',
  'dispute_reversal',
  'adjustment',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * What a live message's `change.kind` says: a ledger kind, or `capture` for the `release` entry a
 * capture writes (the ledger records what moved; the live change names what happened).
 */
export const CHANGE_KINDS = [...LEDGER_KINDS, 'capture'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** Where a lot's credits came from; a lot is opened by the entry of the same kind. */
export const LOT_SOURCES = ['purchase', 'subscription', 'grant'] as const;
export type LotSource = (typeof LOT_SOURCES)[number];

export const HOLD_STATUSES = ['active', 'captured', 'released', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/**
 * Who settles a hold: `user` for one the user placed through the cookie routes, `app` for one the
 * app placed (through /api/v1, or the Studio for a render the farm settles). The user's capture,
 * release or extend of an `app` hold is refused (API.md "Holds"): a job that is still running must
 * not be made free by the person it bills.
 */
export const HOLD_OWNERS = ['user', 'app'] as const;
export type HoldOwner = (typeof HOLD_OWNERS)[number];

/** The soonest lot expiring within a week (the API's and the live message's `expiring`). */
export interface Expiring {
  credits: number;
  /** ISO-8601. */
  at: string;
}
