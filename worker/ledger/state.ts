// A user's money as the API and the live socket show it: the balance, what is held, the soonest
// expiry within a week, and the next deadline (a lot or hold expiring) the BalanceRoom's alarm
// must wake for. Read as SQL columns over `users u`, so every caller gets it in the query it
// already makes (the session lookup, a commit's batch) without another round trip.
import { type SQL, sql } from 'drizzle-orm';
import type { Expiring } from '../vocabulary/ledger';

export const EXPIRING_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

// Defined with the vocabulary (vocabulary/ledger.ts) so the wire protocol and the browser client need no SQL types.
export type { Expiring } from '../vocabulary/ledger';

export interface AccountState {
  userId: string;
  credits: number;
  held: number;
  version: number;
  expiring: Expiring | null;
  /** Epoch ms of the next lot or hold expiry (possibly already past: due now), or null. */
  nextDeadline: number | null;
}

export interface AccountStateRow {
  id: string;
  credits: number;
  version: number;
  held: number;
  expiring_credits: number | null;
  expiring_at: number | null;
  next_deadline: number | null;
}

/** The state columns, for a query whose FROM has `users u`. */
export function accountStateColumns(now: number): SQL {
  const soonest = sql`(SELECT MIN(l.expires_at) FROM lots l WHERE l.user_id = u.id AND l.remaining > 0
    AND l.expires_at > ${now} AND l.expires_at <= ${now + EXPIRING_WINDOW_MS})`;
  const lotDeadline = sql`(SELECT MIN(l.expires_at) FROM lots l WHERE l.user_id = u.id AND l.remaining > 0
    AND l.expires_at IS NOT NULL)`;
  const holdDeadline = sql`(SELECT MIN(h.expires_at) FROM holds h WHERE h.user_id = u.id AND h.status = 'active')`;
  return sql`u.id, u.credits, u.version,
    (SELECT COALESCE(SUM(h.amount), 0) FROM holds h WHERE h.user_id = u.id AND h.status = 'active') AS held,
    (SELECT SUM(l.remaining) FROM lots l WHERE l.user_id = u.id AND l.remaining > 0
      AND l.expires_at = ${soonest}) AS expiring_credits,
    ${soonest} AS expiring_at,
    MIN(COALESCE(${lotDeadline}, ${holdDeadline}), COALESCE(${holdDeadline}, ${lotDeadline})) AS next_deadline`;
}

export function accountStateSql(where: SQL, now: number): SQL {
  return sql`SELECT ${accountStateColumns(now)} FROM users u WHERE ${where}`;
}

export function toAccountState(row: AccountStateRow): AccountState {
  return {
    userId: row.id,
    credits: row.credits,
    held: row.held,
    version: row.version,
    expiring:
      row.expiring_at === null || row.expiring_credits === null
        ? null
        : { credits: row.expiring_credits, at: new Date(row.expiring_at).toISOString() },
    nextDeadline: row.next_deadline,
  };
}

/**
 * What the user can spend or hold now: the unexpired part of their lots (0 in debt). Expired
 * credit is excluded from the instant it expires, before any sweep writes its `expire` entry.
 */
export function spendableSql(now: number): SQL {
  return sql`(SELECT COALESCE(SUM(l.remaining), 0) FROM lots l WHERE l.user_id = u.id AND l.remaining > 0
    AND (l.expires_at IS NULL OR l.expires_at > ${now}))`;
}
