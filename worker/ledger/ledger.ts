// The ledger: the only code that moves credits. Each move is one INSERT … SELECT into the
// append-only ledger_entries table; the AFTER INSERT trigger applies it to users.credits/version
// in the same statement, so the balance always equals the sum of the ledger.
//
// Idempotency is the unique (user_id, idempotency_key) index with ON CONFLICT DO NOTHING, never a
// read-then-write: a move replayed with the same key inserts no row, whatever the concurrency.
// Moves that belong with other writes (a checkout status, a Stripe event record) are committed in
// one D1 batch with them via `commit`, which D1 runs as a single transaction.
import { type SQL, sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import type { LedgerKind } from '../db/schema';
import type { BalanceMessage } from '../live/protocol';

/** A ledger row as RETURNed by a move that applied. */
export interface AppliedEntry {
  id: number;
  userId: string;
  delta: number;
  balanceAfter: number;
  version: number;
  kind: LedgerKind;
  reference: string;
}

/** Told about every committed entry; must never throw into the money path. */
export type EntryListener = (entry: AppliedEntry) => void;

export interface Ledger {
  db: Db;
  onApplied: EntryListener;
}

interface EntryRow {
  id: number;
  user_id: string;
  delta: number;
  balance_after: number;
  version: number;
  kind: LedgerKind;
  reference: string;
}

const RETURNING = sql.raw('RETURNING id, user_id, delta, balance_after, version, kind, reference');

function toEntry(row: EntryRow): AppliedEntry {
  return {
    id: row.id,
    userId: row.user_id,
    delta: row.delta,
    balanceAfter: row.balance_after,
    version: row.version,
    kind: row.kind,
    reference: row.reference,
  };
}

export function balanceMessage(entry: AppliedEntry): BalanceMessage {
  return {
    type: 'balance',
    credits: entry.balanceAfter,
    version: entry.version,
    change: { kind: entry.kind, delta: entry.delta, reference: entry.reference },
  };
}

/**
 * One move: `from` selects the user's row as `u` (and whatever else `delta` needs), so that
 * balance_after and version are computed from the same row the trigger updates. Selecting no row
 * means "nothing to do" (refused, or not applicable).
 */
export interface Move {
  kind: LedgerKind;
  reference: SQL | string;
  idempotencyKey: SQL | string;
  fingerprint?: string;
  /** The signed amount, an SQL expression over the `from` rows (e.g. `cs.credits`). */
  delta: SQL;
  /** `FROM users u … WHERE …`, ending in a WHERE clause. */
  from: SQL;
}

function insertEntry(move: Move): SQL {
  // SQLite cannot tell an upsert's ON CONFLICT from a join's ON unless the SELECT ends in a WHERE
  // clause; every `from` fragment ends in one.
  return sql`INSERT INTO ledger_entries
      (user_id, delta, balance_after, version, kind, reference, idempotency_key, fingerprint)
    SELECT u.id, (${move.delta}), u.credits + (${move.delta}), u.version + 1, ${move.kind},
      ${move.reference}, ${move.idempotencyKey}, ${move.fingerprint ?? ''}
    ${move.from}
    ON CONFLICT (user_id, idempotency_key) DO NOTHING
    ${RETURNING}`;
}

/**
 * Commits the moves and the accompanying statements in one batch (one transaction), then tells
 * the listener about every entry that applied. Returns the applied entries and the results of
 * `alongside`, in order.
 */
export async function commit(
  ledger: Ledger,
  moves: Move[],
  alongside: SQL[] = [],
): Promise<{ applied: AppliedEntry[]; results: Record<string, unknown>[][] }> {
  const results = await runBatch(ledger.db, [...moves.map(insertEntry), ...alongside]);
  const applied = (results.slice(0, moves.length) as unknown as EntryRow[][]).flat().map(toEntry);
  for (const entry of applied) notify(ledger, entry);
  return { applied, results: results.slice(moves.length) };
}

function notify(ledger: Ledger, entry: AppliedEntry) {
  try {
    ledger.onApplied(entry);
  } catch (err) {
    // The money already moved; a failed notification must not turn that into an error.
    console.error(JSON.stringify({ msg: 'ledger_listener_failed', error: String(err) }));
  }
}

// ---------------------------------------------------------------------------------------------
// Spending

export interface SpendInput {
  userId: string;
  amount: number;
  reason: string;
  idempotencyKey: string;
}

export type SpendResult =
  | { outcome: 'spent' | 'replayed'; credits: number; entryId: number }
  | { outcome: 'insufficient' }
  | { outcome: 'key_conflict' };

const spendKey = (key: string) => `spend:${key}`;
const spendFingerprint = (amount: number, reason: string) => JSON.stringify([amount, reason]);

/**
 * Debits `amount` unless the balance is short. The balance check is inside the INSERT's SELECT,
 * so concurrent spends cannot overdraw; a refused spend writes nothing. A replayed key returns the
 * first answer (the entry's own balance_after) and debits nothing.
 */
export async function spend(ledger: Ledger, input: SpendInput): Promise<SpendResult> {
  const key = spendKey(input.idempotencyKey);
  const fingerprint = spendFingerprint(input.amount, input.reason);
  const { applied } = await commit(ledger, [
    {
      kind: 'spend',
      reference: input.reason,
      idempotencyKey: key,
      fingerprint,
      delta: sql`-${input.amount}`,
      from: sql`FROM users u WHERE u.id = ${input.userId} AND u.credits >= ${input.amount}`,
    },
  ]);
  const entry = applied[0];
  if (entry) return { outcome: 'spent', credits: entry.balanceAfter, entryId: entry.id };

  // Nothing inserted: either the key was used before, or the balance was short. Reading after
  // the write is safe: the row we look for can only appear, never disappear.
  const [previous] = await ledger.db.all<{ id: number; balance_after: number; fingerprint: string }>(
    sql`SELECT id, balance_after, fingerprint FROM ledger_entries
        WHERE user_id = ${input.userId} AND idempotency_key = ${key}`,
  );
  if (!previous) return { outcome: 'insufficient' };
  if (previous.fingerprint !== fingerprint) return { outcome: 'key_conflict' };
  return { outcome: 'replayed', credits: previous.balance_after, entryId: previous.id };
}

// ---------------------------------------------------------------------------------------------
// Reading

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

/** Newest first; the cursor is the last entry id of the page (entries are append-only). */
export async function listEntries(db: Db, userId: string, limit: number, beforeId?: number): Promise<LedgerPage> {
  const rows = await db.all<EntryRow & { created_at: number }>(
    sql`SELECT id, delta, balance_after, kind, reference, created_at FROM ledger_entries
        WHERE user_id = ${userId} ${beforeId === undefined ? sql`` : sql`AND id < ${beforeId}`}
        ORDER BY id DESC LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      delta: r.delta,
      balanceAfter: r.balance_after,
      kind: r.kind,
      reference: r.reference,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}
