// Reading a user's history as a statement: ledger entries with what each was (pack, plan payment, hold,
// job), a settled hold as one row, paged and filtered. Read-only.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { LedgerKind } from '../vocabulary/ledger';
import { type HistoryRow, type JoinedEntry, toHistoryRow } from './rows';

export type { HistoryHold, HistoryInvoice, HistoryJob, HistoryPurchase, HistoryRow } from './rows';

export interface HistoryPage {
  entries: HistoryRow[];
  nextCursor: string | null;
}

/** The entry `e` is the `release` that settled its hold (every settlement is keyed `settle:{hold}`). */
const SETTLES = sql`(e.kind = 'release' AND e.idempotency_key = 'settle:' || e.hold_id)`;

/**
 * The kind a row shows: a settlement shows as its hold. The `hold` entry of a settled hold is not
 * shown at all (see listHistory), so each hold is one row: where it was reserved while it is active,
 * where it settled once it is.
 */
const ROW_KIND = sql`(CASE WHEN ${SETTLES} THEN 'hold' ELSE e.kind END)`;

/**
 * The filter. "Spend" is what the user spent credits on, renders included: spends and holds (a
 * render is a hold the farm captures). Any other kind is that kind of row.
 */
function kindFilter(kind: LedgerKind | undefined): SQL {
  if (kind === undefined) return sql``;
  if (kind === 'spend') return sql`AND ${ROW_KIND} IN ('spend', 'hold')`;
  return sql`AND ${ROW_KIND} = ${kind}`;
}

/** Newest first; the cursor is the last entry id of the page (entries are append-only). */
export async function listHistory(
  db: Db,
  userId: string,
  options: { limit: number; beforeId?: number; kind?: LedgerKind; now?: number },
): Promise<HistoryPage> {
  const { limit, beforeId, kind, now = Date.now() } = options;
  // Every join is guarded by the user as well as the id: a reference can never pull in another
  // user's purchase, invoice, hold or job. The invoice joins only the plan payment's own grant (not
  // the rollover entries that share its reference) and the refunds and disputes of that payment.
  const rows = await db.all<JoinedEntry>(
    sql`SELECT e.id, e.kind, ${SETTLES} AS settles, e.delta, e.balance_after, e.created_at, e.reference,
               cs.id AS cs_id, cs.pack_id, cs.amount, cs.currency,
               si.id AS inv_id, si.plan_id AS inv_plan, si.amount AS inv_amount, si.currency AS inv_currency,
               h.id AS hold_id, h.reason AS hold_reason, h.status AS hold_status, h.amount AS hold_amount,
               h.captured AS hold_captured, h.expires_at AS hold_expires_at,
               j.id AS job_id, j.prompt, j.seconds, j.resolution
        FROM ledger_entries e
        LEFT JOIN checkout_sessions cs
          ON cs.id = e.reference AND cs.user_id = e.user_id
         AND e.kind IN ('purchase', 'refund', 'dispute', 'dispute_reversal')
        LEFT JOIN subscription_invoices si
          ON si.id = e.reference AND si.user_id = e.user_id
         AND (e.kind IN ('refund', 'dispute', 'dispute_reversal')
              OR (e.kind = 'subscription' AND e.idempotency_key = 'subscription:' || si.id))
        LEFT JOIN holds h ON h.id = e.hold_id AND h.user_id = e.user_id
        LEFT JOIN render_jobs j ON j.hold_id = e.hold_id AND j.user_id = e.user_id
        WHERE e.user_id = ${userId}
          AND NOT (e.kind = 'hold' AND EXISTS (SELECT 1 FROM ledger_entries s
                   WHERE s.user_id = e.user_id AND s.idempotency_key = 'settle:' || e.hold_id))
          ${beforeId === undefined ? sql`` : sql`AND e.id < ${beforeId}`}
          ${kindFilter(kind)}
        ORDER BY e.id DESC LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => toHistoryRow(r, now)),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}

/**
 * When this session's credit was written (ISO), or null if it has none (yet): a pack's `purchase`
 * entry, or for a plan's session the `subscription` grant of its first invoice.
 */
export async function purchaseCreditedAt(db: Db, userId: string, sessionId: string): Promise<string | null> {
  const [row] = await db.all<{ created_at: number }>(
    sql`SELECT created_at FROM ledger_entries
        WHERE user_id = ${userId} AND idempotency_key IN (
          ${`purchase:${sessionId}`},
          (SELECT 'subscription:' || invoice_id FROM checkout_sessions WHERE id = ${sessionId} AND user_id = ${userId}))
        ORDER BY id LIMIT 1`,
  );
  return row ? new Date(row.created_at).toISOString() : null;
}
