// Spends, grants and operator debits: the moves a user's own actions and an app's backend make.
// Each is one batch; a replayed idempotency key answers the first result and moves nothing.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { commit, type OnCommit } from './commit';
import { spendableSql } from './state';

// Where holds.ts and the console have always found it; defined beside the account state (the outbox reads it too).
export { spendableSql } from './state';

export interface SpendInput {
  userId: string;
  amount: number;
  reason: string;
  idempotencyKey: string;
  /** Statements to commit right after the move, in its transaction (e.g. an audit row). */
  alongside?: SQL[];
}

export type SpendResult =
  | { outcome: 'spent' | 'replayed'; credits: number; entryId: number }
  | { outcome: 'insufficient' }
  | { outcome: 'key_conflict' };

const fingerprintOf = (...parts: unknown[]) => JSON.stringify(parts);

interface KeyedEntry {
  id: number;
  balance_after: number;
  fingerprint: string;
}

/** The entry a key wrote, read in the same batch as the attempt (it can only appear, never go). */
const keyedEntry = (userId: string, key: string) =>
  sql`SELECT id, balance_after, fingerprint FROM ledger_entries WHERE user_id = ${userId} AND idempotency_key = ${key}`;

/**
 * Debits `amount` from unexpired lots unless they are short. The check is inside the INSERT's
 * SELECT, so concurrent spends cannot overdraw; a refused spend writes nothing.
 */
export function spend(db: Db, onCommit: OnCommit, input: SpendInput, now = Date.now()): Promise<SpendResult> {
  return keyedDebit(db, onCommit, input, now, {
    kind: 'spend',
    reference: input.reason,
    enough: sql`${spendableSql(now)} >= ${input.amount}`,
  });
}

/**
 * The one shape of a keyed debit (a spend, an operator's adjustment): `amount` taken from the user
 * when `enough` holds over `u`, keyed `{kind}:{key}`, and the keyed entry read back in the same
 * batch, so a replay answers the first result and a reused key with other terms is a conflict.
 */
async function keyedDebit(
  db: Db,
  onCommit: OnCommit,
  input: SpendInput,
  now: number,
  debit: { kind: 'spend' | 'adjustment'; reference: string; enough: SQL },
): Promise<SpendResult> {
  const key = `${debit.kind}:${input.idempotencyKey}`;
  const fingerprint = fingerprintOf(input.amount, input.reason);
  const { entries, read } = await commit<{ entry: KeyedEntry }>(db, onCommit, {
    now,
    steps: [
      {
        move: {
          kind: debit.kind,
          user: input.userId,
          reference: debit.reference,
          idempotencyKey: key,
          fingerprint,
          delta: sql`-${input.amount}`,
          from: sql`FROM users u WHERE u.id = ${input.userId} AND ${debit.enough}`,
        },
      },
      ...(input.alongside ?? []),
    ],
    reads: { entry: keyedEntry(input.userId, key) },
  });
  return keyedOutcome(read.entry[0], fingerprint, entries.length > 0);
}

function keyedOutcome(entry: KeyedEntry | undefined, fingerprint: string, applied: boolean): SpendResult {
  if (!entry) return { outcome: 'insufficient' };
  if (entry.fingerprint !== fingerprint) return { outcome: 'key_conflict' };
  return { outcome: applied ? 'spent' : 'replayed', credits: entry.balance_after, entryId: entry.id };
}

export interface GrantInput {
  userId: string;
  amount: number;
  reason: string;
  idempotencyKey: string;
  /** Epoch ms; omitted = never expires. */
  expiresAt?: number | null;
  /** Statements to commit right after the move, in its transaction (e.g. an audit row). */
  alongside?: SQL[];
  /** The entry's reference (defaults to the reason), e.g. naming the operator who granted it. */
  reference?: string;
}

export type GrantResult =
  | { outcome: 'granted'; credits: number; entryId: number; lotId: number }
  | { outcome: 'unknown_user' }
  | { outcome: 'key_conflict' };

/**
 * Credits a `grant` lot (operator or promotional credit), optionally expiring. While the user is
 * in debt, the grant pays the debt first (the trigger opens the lot with what is left).
 */
export async function grant(db: Db, onCommit: OnCommit, input: GrantInput, now = Date.now()): Promise<GrantResult> {
  const key = `grant:${input.idempotencyKey}`;
  const expiresAt = input.expiresAt ?? null;
  const fingerprint = fingerprintOf(input.amount, input.reason, expiresAt);
  const { read } = await commit<{ entry: KeyedEntry & { lot_id: number } }>(db, onCommit, {
    now,
    steps: [
      {
        move: {
          kind: 'grant',
          user: input.userId,
          reference: input.reference ?? input.reason,
          idempotencyKey: key,
          fingerprint,
          delta: sql`${input.amount}`,
          expiresAt,
          from: sql`FROM users u WHERE u.id = ${input.userId}`,
        },
      },
      ...(input.alongside ?? []),
    ],
    reads: {
      entry: sql`SELECT e.id, e.balance_after, e.fingerprint, l.id AS lot_id FROM ledger_entries e
          JOIN lots l ON l.entry_id = e.id WHERE e.user_id = ${input.userId} AND e.idempotency_key = ${key}`,
    },
  });
  const entry = read.entry[0];
  if (!entry) return { outcome: 'unknown_user' };
  if (entry.fingerprint !== fingerprint) return { outcome: 'key_conflict' };
  return { outcome: 'granted', credits: entry.balance_after, entryId: entry.id, lotId: entry.lot_id };
}

export type DebitResult = SpendResult;

/**
 * An operator's correction downwards (`adjustment`): never takes the balance below zero, draws
 * from lots in the spending order (expired ones first, which a sweep would take anyway).
 */
export function debit(
  db: Db,
  onCommit: OnCommit,
  input: SpendInput & { reference?: string },
  now = Date.now(),
): Promise<DebitResult> {
  return keyedDebit(db, onCommit, input, now, {
    kind: 'adjustment',
    reference: input.reference ?? input.reason,
    enough: sql`u.credits >= ${input.amount}`,
  });
}
