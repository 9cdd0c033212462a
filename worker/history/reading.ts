// Reading a user's history: ledger entries with what each was (pack, job, reason), paged and filtered. Read-only.
import { sql } from 'drizzle-orm';
import { findPack, packNames } from '../billing/packs';
import type { Db } from '../db/client';
import type { LedgerKind } from '../vocabulary/ledger';
import type { Locale } from '../vocabulary/locales';

/** What a purchase (or the refund/dispute of one) was: the pack and what was paid for it. */
export interface HistoryPurchase {
  sessionId: string;
  packId: string;
  packName: string;
  /** The pack's name per locale, as `GET /api/packs` gives it. */
  packNames: Record<Locale, string>;
  /** In the currency's smallest unit, as charged. */
  amount: number;
  currency: string;
}

/** The render job behind a hold or its settlement (null for holds made through the service API). */
export interface HistoryJob {
  id: string;
  prompt: string;
  seconds: number;
  resolution: string;
}

export interface HistoryRow {
  id: number;
  kind: LedgerKind;
  delta: number;
  balanceAfter: number;
  createdAt: string;
  /** The entry's own reference: the reason of a spend, grant or adjustment; the session of a purchase. */
  reference: string;
  purchase: HistoryPurchase | null;
  /** For `hold` and `release` entries: the hold's reason and how it ended (`captured` = a capture's rest). */
  hold: { id: string; reason: string; status: string } | null;
  job: HistoryJob | null;
}

export interface HistoryPage {
  entries: HistoryRow[];
  nextCursor: string | null;
}

/** Ledger kinds whose reference is a Checkout Session id. */
const PURCHASE_KINDS: readonly LedgerKind[] = ['purchase', 'refund', 'dispute', 'dispute_reversal'];

interface Row {
  id: number;
  kind: LedgerKind;
  delta: number;
  balance_after: number;
  created_at: number;
  reference: string;
  cs_id: string | null;
  pack_id: string | null;
  amount: number | null;
  currency: string | null;
  hold_id: string | null;
  hold_reason: string | null;
  hold_status: string | null;
  job_id: string | null;
  prompt: string | null;
  seconds: number | null;
  resolution: string | null;
}

/** Newest first; the cursor is the last entry id of the page (entries are append-only). */
export async function listHistory(
  db: Db,
  userId: string,
  options: { limit: number; beforeId?: number; kind?: LedgerKind },
): Promise<HistoryPage> {
  const { limit, beforeId, kind } = options;
  // The checkout join is guarded by the user as well as the id: a reference can never pull in
  // another user's purchase.
  const rows = await db.all<Row>(
    sql`SELECT e.id, e.kind, e.delta, e.balance_after, e.created_at, e.reference,
               cs.id AS cs_id, cs.pack_id, cs.amount, cs.currency,
               h.id AS hold_id, h.reason AS hold_reason, h.status AS hold_status,
               j.id AS job_id, j.prompt, j.seconds, j.resolution
        FROM ledger_entries e
        LEFT JOIN checkout_sessions cs
          ON cs.id = e.reference AND cs.user_id = e.user_id
         AND e.kind IN ('purchase', 'refund', 'dispute', 'dispute_reversal')
        LEFT JOIN holds h ON h.id = e.hold_id AND h.user_id = e.user_id
        LEFT JOIN render_jobs j ON j.hold_id = e.hold_id AND j.user_id = e.user_id
        WHERE e.user_id = ${userId}
          ${beforeId === undefined ? sql`` : sql`AND e.id < ${beforeId}`}
          ${kind === undefined ? sql`` : sql`AND e.kind = ${kind}`}
        ORDER BY e.id DESC LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  return {
    entries: page.map(toHistoryRow),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}

function namesOf(packId: string): { packName: string; packNames: Record<Locale, string> } {
  const pack = findPack(packId);
  const packName = pack?.name ?? packId;
  return { packName, packNames: pack ? packNames(pack) : { en: packName, zh: packName } };
}

function toHistoryRow(r: Row): HistoryRow {
  const purchase =
    r.cs_id !== null && PURCHASE_KINDS.includes(r.kind)
      ? {
          sessionId: r.cs_id,
          packId: r.pack_id ?? '',
          ...namesOf(r.pack_id ?? ''),
          amount: r.amount ?? 0,
          currency: r.currency ?? '',
        }
      : null;
  return {
    id: r.id,
    kind: r.kind,
    delta: r.delta,
    balanceAfter: r.balance_after,
    createdAt: new Date(r.created_at).toISOString(),
    reference: r.reference,
    purchase,
    hold: r.hold_id === null ? null : { id: r.hold_id, reason: r.hold_reason ?? '', status: r.hold_status ?? '' },
    job:
      r.job_id === null
        ? null
        : { id: r.job_id, prompt: r.prompt ?? '', seconds: r.seconds ?? 0, resolution: r.resolution ?? '' },
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
