// The ledger's one write path: a batch of moves (INSERT … SELECT into the append-only
// ledger_entries) plus the statements that belong with them, in one D1 batch (one transaction).
// The AFTER INSERT trigger (migrations/0005) applies each entry to the balance, the version and the
// lots in the same statement, so the balance always equals the sum of the ledger and the lots
// always hold its non-negative part.
//
// Idempotency is the unique (user_id, idempotency_key) index with ON CONFLICT DO NOTHING, never a
// read-then-write: a move replayed with the same key inserts no row, whatever the concurrency.
// After the moves, the batch reads each touched user's state (balance, held, expiring, next
// deadline) so that whoever is told about the change needs no second round trip.
// After all the steps come the commit's two outbox statements (ledger/outbox.ts), once for all its
// moves: the webhook events reporting the entries commit in the same transaction as the entries.
import { type SQL, sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import type { ChangeKind, LedgerKind } from '../vocabulary/ledger';
import { armAlertsAfterCommit, outboxAfterCommit } from './outbox';
import { type AccountState, type AccountStateRow, accountStateSql, toAccountState } from './state';

/** A ledger row as RETURNed by a move that applied. */
export interface AppliedEntry {
  id: number;
  userId: string;
  delta: number;
  balanceAfter: number;
  version: number;
  kind: LedgerKind;
  /** What happened, for the live message: the kind, or `capture` for a capture's `release`. */
  change: ChangeKind;
  reference: string;
  /** A purchase's move says what was paid for, so its receipt is routed without guessing from the reference. */
  paidFor?: PaidFor;
}

/** What a purchase entry paid for: a pack (a Checkout Session) or an auto top-up's off-session charge. */
export type PaidFor = 'pack' | 'auto_topup';

/**
 * What a commit changed: its entries in order, and the state after it of each user its moves were
 * for (listeners get only the users an entry applied to).
 */
export interface Committed {
  entries: AppliedEntry[];
  states: AccountState[];
}

/** Told about every commit that applied an entry; must never throw into the money path. */
export type OnCommit = (committed: Committed) => void;

/**
 * One move. `from` selects the user's row as `u` (and whatever else the move needs), ending in a
 * WHERE clause; selecting no row means "nothing to do" (refused, or not applicable). `delta` and
 * the other fields are SQL over those rows, so balance_after and version are computed from the
 * same row the trigger updates.
 */
export interface Move {
  kind: LedgerKind;
  /** What the live message calls this move when it is not its kind: `capture` for a capture's `release`. */
  change?: ChangeKind;
  /** For a purchase: what was paid for (AppliedEntry.paidFor). */
  paidFor?: PaidFor;
  /**
   * The user this move is for, for the state read: their id, or SQL that finds it without `from`
   * (e.g. from a checkout session). Ids are bound together as one JSON parameter, so a batch of
   * many moves stays within D1's 100 bound parameters per statement.
   */
  user: SQL | string;
  reference: SQL | string;
  idempotencyKey: SQL | string;
  fingerprint?: string;
  delta: SQL;
  from: SQL;
  lotId?: SQL | number;
  holdId?: SQL | string;
  sourceEntryId?: SQL | number;
  expiresAt?: SQL | number | null;
}

const RETURNING = sql.raw('RETURNING id, user_id, delta, balance_after, version, kind, reference, fingerprint');

interface EntryRow {
  id: number;
  user_id: string;
  delta: number;
  balance_after: number;
  version: number;
  kind: LedgerKind;
  reference: string;
  fingerprint: string;
}

function insertEntry(move: Move, now: number): SQL {
  // SQLite cannot tell an upsert's ON CONFLICT from a join's ON unless the SELECT ends in a WHERE
  // clause; every `from` fragment ends in one.
  return sql`INSERT INTO ledger_entries
      (user_id, delta, balance_after, version, kind, reference, idempotency_key, fingerprint,
       lot_id, hold_id, source_entry_id, expires_at, created_at)
    SELECT u.id, (${move.delta}), u.credits + (${move.delta}), u.version + 1, ${move.kind},
      ${move.reference}, ${move.idempotencyKey}, ${move.fingerprint ?? ''},
      ${move.lotId ?? null}, ${move.holdId ?? null}, ${move.sourceEntryId ?? null}, ${move.expiresAt ?? null}, ${now}
    ${move.from}
    ON CONFLICT (user_id, idempotency_key) DO NOTHING
    ${RETURNING}`;
}

/** A step of a commit: a move, or any other statement that belongs in the same transaction. */
export type Step = { move: Move } | SQL;

const isMove = (step: Step): step is { move: Move } => 'move' in step;

export interface CommitInput<R extends Record<string, unknown>> {
  /** Run in this order, in one transaction; a move's rows are the entry it applied (or none). */
  steps: Step[];
  /** Queries run after the steps in the same transaction, answered by name (`read.name`). */
  reads?: { [K in keyof R]: SQL };
  /** The clock for this commit: entry times, expiry checks and the state read. */
  now: number;
}

/**
 * Commits the steps in one batch (one transaction), then tells `onCommit` what applied. Returns
 * the applied entries, the touched users' states, each read's rows by name (`read.name`, typed by
 * `R`), and each step's rows (`results[i]` for `steps[i]`).
 */
export async function commit<R extends Record<string, unknown> = Record<never, never>>(
  db: Db,
  onCommit: OnCommit,
  { steps, reads, now }: CommitInput<R>,
): Promise<Committed & { read: { [K in keyof R]: R[K][] }; results: unknown[][] }> {
  const moves = steps.filter(isMove).map((s) => s.move);
  const statements = steps.map((step) => (isMove(step) ? insertEntry(step.move, now) : step));
  const users = moves.length > 0 ? usersOf(moves) : undefined;
  if (users) statements.push(outboxAfterCommit(users, moves.length, now), armAlertsAfterCommit(users, now));
  const stepCount = statements.length;
  const readNames = Object.keys(reads ?? {}) as (keyof R & string)[];
  for (const name of readNames) statements.push((reads as { [K in keyof R]: SQL })[name]);
  if (users) statements.push(accountStateSql(sql`u.id IN (${users})`, now));
  const results = await runBatch(db, statements);
  const entries = steps.flatMap((step, i) =>
    isMove(step) ? (results[i] as unknown as EntryRow[]).map((row) => toEntry(row, step.move)) : [],
  );
  const read = Object.fromEntries(readNames.map((name, i) => [name, results[stepCount + i] ?? []])) as {
    [K in keyof R]: R[K][];
  };
  const stateRows = moves.length > 0 ? (results[stepCount + readNames.length] as unknown as AccountStateRow[]) : [];
  const states = stateRows.map(toAccountState);
  if (entries.length > 0) {
    notify(onCommit, { entries, states: states.filter((s) => entries.some((e) => e.userId === s.userId)) });
  }
  return { entries, states, read, results: results.slice(0, steps.length) };
}

/**
 * The users of a commit's moves, as a subquery: ids bound together as one JSON parameter (a batch of
 * many moves stays within D1's 100 bound parameters per statement), and the users found by SQL as
 * one json_array, not one UNION ALL term each (D1 caps a compound SELECT at a few terms, and a
 * dispute's batch has more moves than that).
 */
function usersOf(moves: Move[]): SQL {
  const ids = [...new Set(moves.flatMap((m) => (typeof m.user === 'string' ? [m.user] : [])))];
  const found = moves.flatMap((m) => (typeof m.user === 'string' ? [] : [m.user]));
  const listed = sql`SELECT value FROM json_each(${JSON.stringify(ids)})`;
  if (found.length === 0) return listed;
  return sql`${listed} UNION ALL SELECT value FROM json_each(json_array(${sql.join(
    found.map((f) => sql`(${f})`),
    sql`, `,
  )}))`;
}

function toEntry(row: EntryRow, move: Move): AppliedEntry {
  return {
    id: row.id,
    userId: row.user_id,
    delta: row.delta,
    balanceAfter: row.balance_after,
    version: row.version,
    kind: row.kind,
    change: move.change ?? row.kind,
    reference: row.reference,
    ...(move.paidFor ? { paidFor: move.paidFor } : {}),
  };
}

function notify(onCommit: OnCommit, committed: Committed) {
  try {
    onCommit(committed);
  } catch (err) {
    // The money already moved; a failed notification must not turn that into an error.
    console.error(JSON.stringify({ msg: 'ledger_listener_failed', error: String(err) }));
  }
}

/** A listener for callers that need none (tools, tests of pure ledger rules). */
export const ignoreCommits: OnCommit = () => {};
