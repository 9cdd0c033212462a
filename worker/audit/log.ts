// The audit log: who did what to whom. Append-only (the database refuses updates and deletes), and
// every admin action, and every money move through an API key (worker/service/acting.ts), writes its
// row in the same D1 batch as its effect.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isoDates, type Stored } from '../db/dates';
import { newestFirstPage } from '../db/paging';

export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** An audit row, unconditionally. */
export function auditRow(input: AuditInput): SQL {
  return sql`INSERT INTO audit_log (actor, action, target, detail)
    VALUES (${input.actor}, ${input.action}, ${input.target}, ${JSON.stringify(input.detail ?? {})})`;
}

/**
 * An audit row written only if the statement just before it in the batch changed a row (a ledger
 * move that applied, a key that was revoked): a replayed request records nothing twice.
 * `changes()` counts the previous top-level statement only, never its triggers' writes.
 */
export function auditIfChanged(input: AuditInput): SQL {
  return sql`INSERT INTO audit_log (actor, action, target, detail)
    SELECT ${input.actor}, ${input.action}, ${input.target}, ${JSON.stringify(input.detail ?? {})} WHERE changes() > 0`;
}

/**
 * An audit row, unless one with the same action, target and `detail[key]` is already there: an
 * action repeated with the same outcome (Stripe's same refund for a double click) records once.
 */
export function auditOnce(input: AuditInput & { detail: Record<string, unknown> }, key: string): SQL {
  return sql`INSERT INTO audit_log (actor, action, target, detail)
    SELECT ${input.actor}, ${input.action}, ${input.target}, ${JSON.stringify(input.detail)}
    WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE action = ${input.action} AND target = ${input.target}
      AND json_extract(detail, ${`$.${key}`}) = ${String(input.detail[key])})`;
}

export interface AuditEntry {
  id: number;
  actor: string;
  actorEmail: string | null;
  action: string;
  target: string;
  /** The target's email when the target is a user (or, for a purchase, the buyer). */
  targetEmail: string | null;
  detail: Record<string, unknown>;
  createdAt: string;
}

/** Newest first; the cursor is the last entry's id. */
export async function listAudit(
  db: Db,
  limit: number,
  before?: number,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const rows = await db.all<Omit<Stored<AuditEntry, 'createdAt'>, 'detail'> & { detail: string }>(
    sql`SELECT a.id, a.actor, u.email AS actorEmail, a.action, a.target, a.detail, a.created_at AS createdAt,
          COALESCE(t.email, b.email) AS targetEmail FROM audit_log a
        LEFT JOIN users u ON u.id = a.actor
        LEFT JOIN users t ON t.id = a.target
        LEFT JOIN users b ON b.id = json_extract(a.detail, '$.userId')
        ${before === undefined ? sql`` : sql`WHERE a.id < ${before}`} ORDER BY a.id DESC LIMIT ${limit + 1}`,
  );
  const { page, nextCursor } = newestFirstPage(rows, limit, (r) => r.id);
  return {
    entries: page.map((r) => ({
      ...isoDates(r, 'createdAt'),
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    })),
    nextCursor,
  };
}

export interface InternalNote {
  reason: string;
  operator: string | null;
}

/**
 * The internal side of a user's operator adjustments, by ledger entry id: the reason and the
 * operator's email, which only the console shows (the entry itself carries the customer's note).
 * Joined through the `entryKey` the adjustment wrote into its audit row.
 */
export async function internalNotes(db: Db, userId: string): Promise<Map<number, InternalNote>> {
  const rows = await db.all<{ entry_id: number; reason: string; email: string | null }>(
    sql`SELECT e.id AS entry_id, json_extract(a.detail, '$.reason') AS reason, u.email
        FROM audit_log a
        JOIN ledger_entries e ON e.user_id = a.target AND e.idempotency_key = json_extract(a.detail, '$.entryKey')
        LEFT JOIN users u ON u.id = a.actor
        WHERE a.target = ${userId} AND a.action IN ('credits.grant', 'credits.debit')`,
  );
  return new Map(rows.map((r) => [r.entry_id, { reason: r.reason, operator: r.email }]));
}
