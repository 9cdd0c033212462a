// The ledger's vocabulary, defined once: entry kinds and lot sources. The schema, the wire
// protocol and the site all take these from here.

/**
 * What an entry did. Credits in: `purchase`, `subscription`, `grant` (each opens a lot), and the
 * returns `capture` (the uncaptured rest of a hold), `release` (a whole hold, released or expired)
 * and `dispute_reversal`. Debits: `spend`, `hold`, `expire`, `refund`, `dispute`, `adjustment`.
 */
export const LEDGER_KINDS = [
  'purchase',
  'subscription',
  'grant',
  'spend',
  'hold',
  'capture',
  'release',
  'expire',
  'refund',
  'dispute',
  'dispute_reversal',
  'adjustment',
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Where a lot's credits came from; a lot is opened by the entry of the same kind. */
export const LOT_SOURCES = ['purchase', 'subscription', 'grant'] as const;
export type LotSource = (typeof LOT_SOURCES)[number];

export const HOLD_STATUSES = ['active', 'captured', 'released', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];
