// Operator adjustments: a grant (a `grant` lot, optionally expiring) or a debit (`adjustment`,
// never below zero). The internal reason and the operator go to the audit log only (in the same batch);
// the entry's reference, which the customer reads everywhere (history, CSV, ledger API, live frames,
// webhooks out), is the customer note or a neutral sentence. Idempotent by key: a double click does
// one thing. The operator's key lives in its own space (`admin:` + key); the service API's grants use
// `api:` + key, so neither surface can send a key that replays the other's.

import { auditIfChanged } from '../audit/log';
import type { Db } from '../db/client';
import { conflict, notFound, paymentRequired } from '../errors';
import type { OnCommit } from '../ledger/commit';
import { getEntry } from '../ledger/reading';
import { debit, grant } from '../ledger/spending';
import type { StripeClient } from '../stripe/client';
import { DEFAULT_CUSTOMER_NOTE } from '../vocabulary/support';
import { guardGrant } from './grant-guard';

export const MAX_ADJUSTMENT = 1_000_000;

export interface AdjustmentInput {
  userId: string;
  /** > 0 grants, < 0 debits; |amount| ≤ MAX_ADJUSTMENT. */
  amount: number;
  /** Internal: the audit log and the console only. */
  reason: string;
  /** What the customer sees in their history; DEFAULT_CUSTOMER_NOTE when absent. */
  customerNote?: string;
  idempotencyKey: string;
  expiresAt?: number | null;
  /** Grant even though it names (or its user has) a payment to settle instead. */
  force?: boolean;
}

const keyConflict = () =>
  conflict('idempotency_conflict', 'This idempotency key was already used with other parameters.');

export async function adjust(
  db: Db,
  onCommit: OnCommit,
  stripe: () => StripeClient,
  operator: { id: string; email: string },
  input: AdjustmentInput,
  now = Date.now(),
) {
  // Without a note the customer reads who changed it (support), never why or which operator.
  const reference = input.customerNote ?? DEFAULT_CUSTOMER_NOTE;
  const kind = input.amount > 0 ? 'grant' : 'adjustment';
  // `entryKey` ties the audit row to its ledger entry: the console shows the internal reason beside it.
  const detail = {
    amount: input.amount,
    reason: input.reason,
    customerNote: reference,
    expiresAt: input.expiresAt ?? null,
    force: input.force === true,
    entryKey: `${kind}:admin:${input.idempotencyKey}`,
  };
  if (input.amount > 0) {
    if (!input.force) await guardGrant(db, stripe, input.userId, `${input.reason} ${input.customerNote ?? ''}`, now);
    const result = await grant(
      db,
      onCommit,
      {
        userId: input.userId,
        amount: input.amount,
        // Both words count for the key's fingerprint: the same key with another note is a conflict.
        reason: `${input.reason}\n${reference}`,
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
      reason: `${input.reason}\n${reference}`,
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
