// Operator adjustments: a grant (a `grant` lot, optionally expiring) or a debit (`adjustment`,
// never below zero), each with a required reason, the operator named in the entry's reference, and
// its audit row in the same batch. Idempotent by key: a double click does one thing. The operator's key
// lives in its own space (`admin:` + key); the service API's grants use `api:` + key, so neither
// surface can send a key that replays the other's.
import type { Db } from '../db/client';
import { conflict, notFound, paymentRequired } from '../errors';
import type { OnCommit } from '../ledger/commit';
import { getEntry } from '../ledger/reading';
import { debit, grant } from '../ledger/spending';
import { auditIfChanged } from './audit';

export const MAX_ADJUSTMENT = 1_000_000;

export interface AdjustmentInput {
  userId: string;
  /** > 0 grants, < 0 debits; |amount| ≤ MAX_ADJUSTMENT. */
  amount: number;
  reason: string;
  idempotencyKey: string;
  expiresAt?: number | null;
}

const keyConflict = () =>
  conflict('idempotency_conflict', 'This idempotency key was already used with other parameters.');

export async function adjust(
  db: Db,
  onCommit: OnCommit,
  operator: { id: string; email: string },
  input: AdjustmentInput,
  now = Date.now(),
) {
  const reference = `${input.reason} (by ${operator.email})`;
  const detail = { amount: input.amount, reason: input.reason, expiresAt: input.expiresAt ?? null };
  if (input.amount > 0) {
    const result = await grant(
      db,
      onCommit,
      {
        userId: input.userId,
        amount: input.amount,
        reason: input.reason,
        reference,
        idempotencyKey: `admin:${input.idempotencyKey}`,
        expiresAt: input.expiresAt ?? null,
        alongside: [auditIfChanged({ actor: operator.id, action: 'credits.grant', target: input.userId, detail })],
      },
      now,
    );
    if (result.outcome === 'unknown_user') throw notFound('user_not_found', 'No such user.');
    if (result.outcome === 'key_conflict') throw keyConflict();
    return { entry: await getEntry(db, input.userId, result.entryId), credits: result.credits };
  }
  const result = await debit(
    db,
    onCommit,
    {
      userId: input.userId,
      amount: -input.amount,
      reason: input.reason,
      reference,
      idempotencyKey: `admin:${input.idempotencyKey}`,
      alongside: [auditIfChanged({ actor: operator.id, action: 'credits.debit', target: input.userId, detail })],
    },
    now,
  );
  if (result.outcome === 'insufficient') {
    throw paymentRequired('insufficient_credits', 'This debit would take the balance below zero.');
  }
  if (result.outcome === 'key_conflict') throw keyConflict();
  return { entry: await getEntry(db, input.userId, result.entryId), credits: result.credits };
}
