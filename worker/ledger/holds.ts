// Holds: reserve credits for a long job, then capture what it cost (the rest returns), release it,
// extend it, or let it expire. A hold debits at once (its `hold` entry draws lots in the spending
// order); it is settled exactly once, by the one entry keyed `settle:{holdId}` — a capture, a
// release or an expiry — so a capture racing the hold's expiry either captures or expires, never
// both. Returns go back to the lots the hold drew from (the ledger trigger does that). A hold has an
// owner (vocabulary/ledger.ts HOLD_OWNERS): a caller acting `by` the user cannot settle or extend an app's hold.
import { type SQL, sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import type { HoldOwner, HoldStatus } from '../vocabulary/ledger';
import { commit, type Move, type OnCommit } from './commit';
import { spendableSql } from './spending';

export const HOLD_TTL = { defaultSeconds: 900, minSeconds: 60, maxSeconds: 86_400 } as const;
/** No hold lives longer than this after it was made, however often it is extended. */
const MAX_LIFETIME_MS = HOLD_TTL.maxSeconds * 1000;

export interface Hold {
  id: string;
  amount: number;
  captured: number;
  status: HoldStatus;
  reason: string;
  expiresAt: string;
  createdAt: string;
  /** Who settles it: `app` holds only through /api/v1. */
  owner: HoldOwner;
}

interface HoldRow {
  id: string;
  user_id: string;
  amount: number;
  captured: number | null;
  status: HoldStatus;
  reason: string;
  expires_at: number;
  created_at: number;
  owner: HoldOwner;
  /** The settling entry, when there is one. */
  settled_balance?: number | null;
  settled_fingerprint?: string | null;
}

/**
 * What every read says (GET one, lists, the console, the service API): an active hold is `expired`
 * from the millisecond of its expiresAt, swept or not; the sweep only writes down what is already
 * true. `statusSql` is the same rule for filters.
 */
function toHold(row: HoldRow, now: number): Hold {
  return {
    id: row.id,
    amount: row.amount,
    captured: row.captured ?? 0,
    status: row.status === 'active' && row.expires_at <= now ? 'expired' : row.status,
    reason: row.reason,
    expiresAt: new Date(row.expires_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    owner: row.owner,
  };
}

const fingerprintOf = (...parts: unknown[]) => JSON.stringify(parts);
const newHoldId = () => `hold_${crypto.randomUUID().replaceAll('-', '')}`;

// ---------------------------------------------------------------------------------------------
// Reserve

export interface ReserveInput {
  userId: string;
  amount: number;
  reason: string;
  idempotencyKey: string;
  ttlSeconds?: number;
  /** Who will settle it; default `user` (the cookie routes). The app's doors pass `app`. */
  owner?: HoldOwner;
  /** Statements to commit right after the hold's entry, in its transaction (e.g. an audit row). */
  alongside?: (holdId: string) => SQL[];
}

export type ReserveResult =
  | { outcome: 'reserved' | 'replayed'; hold: Hold; credits: number }
  | { outcome: 'insufficient' }
  | { outcome: 'key_conflict' };

export async function reserveHold(
  db: Db,
  onCommit: OnCommit,
  input: ReserveInput,
  now = Date.now(),
): Promise<ReserveResult> {
  const ttl = input.ttlSeconds ?? HOLD_TTL.defaultSeconds;
  const key = `hold:${input.idempotencyKey}`;
  const fingerprint = fingerprintOf(input.amount, input.reason, ttl);
  const owner = input.owner ?? 'user';
  const holdId = newHoldId();
  const { entries, read } = await commit<{ hold: HoldRow }>(db, onCommit, {
    now,
    steps: [
      {
        move: {
          kind: 'hold',
          user: input.userId,
          reference: input.reason,
          idempotencyKey: key,
          fingerprint,
          holdId,
          expiresAt: now + ttl * 1000,
          delta: sql`-${input.amount}`,
          from: sql`FROM users u WHERE u.id = ${input.userId} AND ${spendableSql(now)} >= ${input.amount}`,
        },
      },
      ...(input.alongside?.(holdId) ?? []),
      // The hold row comes from the entry, so a replay (no new entry) adds nothing.
      sql`INSERT INTO holds (id, user_id, entry_id, amount, reason, expires_at, created_at, owner)
          SELECT hold_id, user_id, id, -delta, reference, expires_at, created_at, ${owner} FROM ledger_entries
          WHERE user_id = ${input.userId} AND idempotency_key = ${key}
          ON CONFLICT (entry_id) DO NOTHING`,
    ],
    reads: {
      hold: sql`SELECT h.*, e.balance_after AS settled_balance, e.fingerprint AS settled_fingerprint
          FROM ledger_entries e JOIN holds h ON h.entry_id = e.id
          WHERE e.user_id = ${input.userId} AND e.idempotency_key = ${key}`,
    },
  });
  const row = read.hold[0];
  if (!row) return { outcome: 'insufficient' };
  // Another owner is another parameter: the app must never adopt a hold the user placed (and could settle).
  if (row.settled_fingerprint !== fingerprint || row.owner !== owner) return { outcome: 'key_conflict' };
  return {
    outcome: entries.length > 0 ? 'reserved' : 'replayed',
    hold: toHold(row, now),
    credits: row.settled_balance ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Settle: capture, release, expire

type Settlement = { kind: 'capture'; amount: number } | { kind: 'release' } | { kind: 'expire' };

const SETTLED_STATUS = { capture: 'captured', release: 'released', expire: 'expired' } as const;

/**
 * The settling entry and the hold's status change, for one hold; shared with the sweep. Acting `by`
 * the user, an app's hold is left alone (the caller reports `hold_owned_by_app`).
 */
export function settleStatements(
  userId: SQL | string,
  holdId: string,
  settlement: Settlement,
  now: number,
  by: HoldOwner = 'app',
): { move: Move; alongside: SQL[] } {
  const key = `settle:${holdId}`;
  const fingerprint = fingerprintOf(settlement.kind, settlement.kind === 'capture' ? settlement.amount : null);
  const captured = settlement.kind === 'capture' ? settlement.amount : null;
  const due = settlement.kind === 'expire' ? sql`h.expires_at <= ${now}` : sql`h.expires_at > ${now}`;
  const fits = captured === null ? sql`` : sql`AND ${captured} <= h.amount`;
  const mine = by === 'app' ? sql`` : sql`AND h.owner = 'user'`;
  return {
    move: {
      // Whatever is not captured comes back as a `release` entry (API.md); the live change says `capture`.
      kind: 'release',
      change: settlement.kind === 'capture' ? 'capture' : undefined,
      user: userId,
      reference: sql`h.reason`,
      idempotencyKey: key,
      fingerprint,
      holdId,
      sourceEntryId: sql`h.entry_id`,
      delta: captured === null ? sql`h.amount` : sql`h.amount - ${captured}`,
      from: sql`FROM holds h JOIN users u ON u.id = h.user_id
        WHERE h.id = ${holdId} AND h.user_id = ${userId} AND h.status = 'active' AND ${due} ${fits} ${mine}`,
    },
    alongside: [
      sql`UPDATE holds SET status = ${SETTLED_STATUS[settlement.kind]}, captured = ${captured}, settled_at = ${now}
          WHERE id = ${holdId} AND status = 'active' AND EXISTS (SELECT 1 FROM ledger_entries e
            WHERE e.user_id = holds.user_id AND e.idempotency_key = ${key} AND e.fingerprint = ${fingerprint})`,
    ],
  };
}

const holdRowSql = (userId: string, holdId: string) =>
  sql`SELECT h.*, e.balance_after AS settled_balance, e.fingerprint AS settled_fingerprint
      FROM holds h LEFT JOIN ledger_entries e ON e.user_id = h.user_id AND e.idempotency_key = 'settle:' || h.id
      WHERE h.id = ${holdId} AND h.user_id = ${userId}`;

export type SettleResult =
  | { outcome: 'settled' | 'replayed'; hold: Hold; credits: number }
  | {
      outcome: 'not_found' | 'hold_expired' | 'hold_not_active' | 'amount_out_of_range' | 'hold_owned_by_app';
      hold?: Hold;
    };

/**
 * Who is settling: `by` the user (the cookie routes) or the app (default: the service API, the
 * Studio, the sweep, closing an account); `alongside` commits right after the settling entry.
 */
export interface SettleBy {
  by?: HoldOwner;
  alongside?: SQL[];
}

async function settle(
  db: Db,
  onCommit: OnCommit,
  userId: string,
  holdId: string,
  settlement: Settlement,
  now: number,
  { by, alongside: extra }: SettleBy = {},
): Promise<{ row: HoldRow | undefined; applied: boolean }> {
  const { move, alongside } = settleStatements(userId, holdId, settlement, now, by);
  const { entries, read } = await commit<{ hold: HoldRow }>(db, onCommit, {
    now,
    steps: [{ move }, ...(extra ?? []), ...alongside],
    reads: { hold: holdRowSql(userId, holdId) },
  });
  return { row: read.hold[0], applied: entries.length > 0 };
}

/**
 * Captures `amount` (0 … hold.amount) of an active hold; the rest returns. The same call again
 * answers the same; another amount, or a released hold, is `hold_not_active`.
 */
export async function captureHold(
  db: Db,
  onCommit: OnCommit,
  input: { userId: string; holdId: string; amount: number } & SettleBy,
  now = Date.now(),
): Promise<SettleResult> {
  const { row, applied } = await settle(
    db,
    onCommit,
    input.userId,
    input.holdId,
    { kind: 'capture', amount: input.amount },
    now,
    input,
  );
  if (!row) return { outcome: 'not_found' };
  if (notTheirs(row, input)) return { outcome: 'hold_owned_by_app', hold: toHold(row, now) };
  if (row.status === 'captured' && row.captured === input.amount) return answered(row, applied, now);
  if (row.status === 'active' && row.expires_at <= now) return expireNow(db, onCommit, row, now, 'hold_expired');
  if (row.status === 'active' && input.amount > row.amount)
    return { outcome: 'amount_out_of_range', hold: toHold(row, now) };
  return { outcome: row.status === 'expired' ? 'hold_expired' : 'hold_not_active', hold: toHold(row, now) };
}

/** Releases an active hold in full. Again → the same answer; captured or expired → not active. */
export async function releaseHold(
  db: Db,
  onCommit: OnCommit,
  input: { userId: string; holdId: string } & SettleBy,
  now = Date.now(),
): Promise<SettleResult> {
  const { row, applied } = await settle(db, onCommit, input.userId, input.holdId, { kind: 'release' }, now, input);
  if (!row) return { outcome: 'not_found' };
  if (notTheirs(row, input)) return { outcome: 'hold_owned_by_app', hold: toHold(row, now) };
  if (row.status === 'released') return answered(row, applied, now);
  if (row.status === 'active' && row.expires_at <= now) return expireNow(db, onCommit, row, now, 'hold_not_active');
  return { outcome: 'hold_not_active', hold: toHold(row, now) };
}

/** An app's hold, touched by the user: refused whatever its state (a settled one is no replay for them). */
const notTheirs = (row: HoldRow, { by }: SettleBy) => by === 'user' && row.owner !== 'user';

function answered(row: HoldRow, applied: boolean, now: number): SettleResult {
  return { outcome: applied ? 'settled' : 'replayed', hold: toHold(row, now), credits: row.settled_balance ?? 0 };
}

/** A hold found past its expiry before any sweep: expire it now, then give the caller's answer. */
async function expireNow(
  db: Db,
  onCommit: OnCommit,
  row: HoldRow,
  now: number,
  outcome: 'hold_expired' | 'hold_not_active',
): Promise<SettleResult> {
  const { row: after } = await settle(db, onCommit, row.user_id, row.id, { kind: 'expire' }, now);
  const hold = toHold(after ?? row, now);
  // Settled meanwhile by someone else (a capture that won the race): report what it is.
  if (hold.status === 'captured' || hold.status === 'released') return { outcome: 'hold_not_active', hold };
  return { outcome, hold };
}

// ---------------------------------------------------------------------------------------------
// Extend and read

export type ExtendResult =
  | { outcome: 'extended'; hold: Hold }
  | { outcome: 'not_found' | 'hold_not_active' | 'hold_owned_by_app'; hold?: Hold };

/** Moves an active hold's expiry to now + ttl, never past 24 h after it was made. */
export async function extendHold(
  db: Db,
  input: { userId: string; holdId: string; ttlSeconds: number; by?: HoldOwner },
  now = Date.now(),
): Promise<ExtendResult> {
  const mine = input.by === 'user' ? sql`AND owner = 'user'` : sql``;
  const [updated, rows] = await runBatch<HoldRow>(db, [
    sql`UPDATE holds SET expires_at = MIN(${now + input.ttlSeconds * 1000}, created_at + ${MAX_LIFETIME_MS})
        WHERE id = ${input.holdId} AND user_id = ${input.userId} AND status = 'active' AND expires_at > ${now} ${mine}
        RETURNING id`,
    holdRowSql(input.userId, input.holdId),
  ]);
  const row = rows?.[0];
  if (!row) return { outcome: 'not_found' };
  if (notTheirs(row, input)) return { outcome: 'hold_owned_by_app', hold: toHold(row, now) };
  if (updated?.length) return { outcome: 'extended', hold: toHold(row, now) };
  return { outcome: 'hold_not_active', hold: toHold(row, now) };
}

export async function getHold(db: Db, userId: string, holdId: string, now = Date.now()): Promise<Hold | null> {
  const [rows] = await runBatch<HoldRow>(db, [holdRowSql(userId, holdId)]);
  return rows?.[0] ? toHold(rows[0], now) : null;
}

/** Newest first, at most `limit`; ties in the same millisecond by entry id (hold ids are random). */
export async function listHolds(
  db: Db,
  userId: string,
  status: HoldStatus | undefined,
  limit = 100,
  now = Date.now(),
): Promise<Hold[]> {
  const [rows] = await runBatch<HoldRow>(db, [
    sql`SELECT * FROM holds WHERE user_id = ${userId} ${status ? sql`AND ${statusSql(now)} = ${status}` : sql``}
        ORDER BY created_at DESC, entry_id DESC LIMIT ${limit}`,
  ]);
  return (rows ?? []).map((row) => toHold(row, now));
}

/** toHold's status rule in SQL, so `?status=active` never lists a hold that reads `expired`. */
const statusSql = (now: number) =>
  sql`(CASE WHEN status = 'active' AND expires_at <= ${now} THEN 'expired' ELSE status END)`;
