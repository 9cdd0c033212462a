// Reading the ledger: a user's entries (newest first, cursor-paged) and active lots (spending order).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isoOrNull } from '../db/dates';
import type { LedgerKind, LotSource } from '../vocabulary/ledger';

export interface LedgerPage {
  entries: {
    id: number;
    delta: number;
    balanceAfter: number;
    kind: LedgerKind;
    reference: string;
    createdAt: string;
  }[];
  nextCursor: string | null;
}

interface EntryRow {
  id: number;
  delta: number;
  balance_after: number;
  kind: LedgerKind;
  reference: string;
  created_at: number;
}

/** Newest first; the cursor is the last entry id of the page (entries are append-only). */
export async function listEntries(db: Db, userId: string, limit: number, beforeId?: number): Promise<LedgerPage> {
  const rows = await db.all<EntryRow>(
    sql`SELECT id, delta, balance_after, kind, reference, created_at FROM ledger_entries
        WHERE user_id = ${userId} ${beforeId === undefined ? sql`` : sql`AND id < ${beforeId}`}
        ORDER BY id DESC LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map(toEntryView),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}

export interface Lot {
  id: number;
  source: LotSource;
  amount: number;
  remaining: number;
  expiresAt: string | null;
  reference: string;
  createdAt: string;
}

interface LotRow {
  id: number;
  source: LotSource;
  amount: number;
  remaining: number;
  expires_at: number | null;
  reference: string;
  created_at: number;
}

/** Lots with credit left that can still be spent, in the order spending draws them. */
export async function listLots(db: Db, userId: string, now = Date.now()): Promise<Lot[]> {
  const rows = await db.all<LotRow>(
    sql`SELECT id, source, amount, remaining, expires_at, reference, created_at FROM lots
        WHERE user_id = ${userId} AND remaining > 0 AND (expires_at IS NULL OR expires_at > ${now})
        ORDER BY expires_at IS NULL, expires_at, id`,
  );
  return rows.map(toLot);
}

/** One lot of the user's (any state), or null. */
export async function getLot(db: Db, userId: string, lotId: number): Promise<Lot | null> {
  const [row] = await db.all<LotRow>(
    sql`SELECT id, source, amount, remaining, expires_at, reference, created_at FROM lots
        WHERE id = ${lotId} AND user_id = ${userId}`,
  );
  return row ? toLot(row) : null;
}

function toLot(r: LotRow): Lot {
  return {
    id: r.id,
    source: r.source,
    amount: r.amount,
    remaining: r.remaining,
    expiresAt: isoOrNull(r.expires_at),
    reference: r.reference,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** One entry of the user's, or null. */
export async function getEntry(db: Db, userId: string, entryId: number): Promise<LedgerPage['entries'][number] | null> {
  const [r] = await db.all<EntryRow>(
    sql`SELECT id, delta, balance_after, kind, reference, created_at FROM ledger_entries
        WHERE id = ${entryId} AND user_id = ${userId}`,
  );
  return r ? toEntryView(r) : null;
}

function toEntryView(r: EntryRow): LedgerPage['entries'][number] {
  return {
    id: r.id,
    delta: r.delta,
    balanceAfter: r.balance_after,
    kind: r.kind,
    reference: r.reference,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
