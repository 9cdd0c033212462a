// The shape of a history row (what GET /api/history answers) and how a joined ledger row becomes one. Pure.
import { findPack, packNames } from '../billing/packs';
import { findPlan } from '../subscriptions/plans';
import type { HoldStatus, LedgerKind } from '../vocabulary/ledger';
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

/** The plan payment behind a `subscription` grant (or the refund/dispute of that payment). */
export interface HistoryInvoice {
  id: string;
  planId: string;
  planName: string;
  /** In the currency's smallest unit, as invoiced. */
  amount: number;
  currency: string;
  /** Our own link that answers 302 to Stripe's hosted invoice page, asked of Stripe at click time. */
  hostedInvoiceUrl: string;
}

/** The render job behind a hold (null for holds made through the service API). */
export interface HistoryJob {
  id: string;
  prompt: string;
  seconds: number;
  resolution: string;
}

/** A hold and how it ended: `captured` is what it cost (0 until captured, and for a release or expiry). */
export interface HistoryHold {
  id: string;
  reason: string;
  status: HoldStatus;
  amount: number;
  captured: number;
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
  invoice: HistoryInvoice | null;
  hold: HistoryHold | null;
  job: HistoryJob | null;
}

/** A ledger entry with what its joins found (worker/history/reading.ts). */
export interface JoinedEntry {
  id: number;
  kind: LedgerKind;
  /** 1 when this entry is the `release` that settled its hold: the statement shows it as the hold. */
  settles: number;
  delta: number;
  balance_after: number;
  created_at: number;
  reference: string;
  cs_id: string | null;
  pack_id: string | null;
  amount: number | null;
  currency: string | null;
  inv_id: string | null;
  inv_plan: string | null;
  inv_amount: number | null;
  inv_currency: string | null;
  hold_id: string | null;
  hold_reason: string | null;
  hold_status: HoldStatus | null;
  hold_amount: number | null;
  hold_captured: number | null;
  hold_expires_at: number | null;
  job_id: string | null;
  prompt: string | null;
  seconds: number | null;
  resolution: string | null;
}

/** Ledger kinds whose reference is the Checkout Session (or invoice) they concern. */
const PAYMENT_KINDS: readonly LedgerKind[] = ['purchase', 'refund', 'dispute', 'dispute_reversal'];

export const invoiceHref = (invoiceId: string) => `/api/history/invoices/${encodeURIComponent(invoiceId)}`;

function purchaseOf(r: JoinedEntry): HistoryPurchase | null {
  if (r.cs_id === null || !PAYMENT_KINDS.includes(r.kind)) return null;
  const packId = r.pack_id ?? '';
  const pack = findPack(packId);
  const packName = pack?.name ?? packId;
  return {
    sessionId: r.cs_id,
    packId,
    packName,
    packNames: pack ? packNames(pack) : { en: packName, zh: packName },
    amount: r.amount ?? 0,
    currency: r.currency ?? '',
  };
}

function invoiceOf(r: JoinedEntry): HistoryInvoice | null {
  if (r.inv_id === null) return null;
  const planId = r.inv_plan ?? '';
  return {
    id: r.inv_id,
    planId,
    planName: findPlan(planId)?.name ?? planId,
    amount: r.inv_amount ?? 0,
    currency: r.inv_currency ?? '',
    hostedInvoiceUrl: invoiceHref(r.inv_id),
  };
}

function holdOf(r: JoinedEntry, now: number): HistoryHold | null {
  if (r.hold_id === null) return null;
  const status = r.hold_status ?? 'active';
  return {
    id: r.hold_id,
    reason: r.hold_reason ?? '',
    // An unswept hold past its expiry reads `expired` from that millisecond, as everywhere (ledger/holds.ts).
    status: status === 'active' && (r.hold_expires_at ?? Number.POSITIVE_INFINITY) <= now ? 'expired' : status,
    amount: r.hold_amount ?? 0,
    captured: r.hold_captured ?? 0,
  };
}

export function toHistoryRow(r: JoinedEntry, now: number): HistoryRow {
  const hold = holdOf(r, now);
  // A settled hold is one row where it settled: it cost what was captured (0 when released or expired).
  const settled = r.settles === 1 && hold !== null;
  return {
    id: r.id,
    kind: settled ? 'hold' : r.kind,
    delta: settled ? -hold.captured : r.delta,
    balanceAfter: r.balance_after,
    createdAt: new Date(r.created_at).toISOString(),
    reference: r.reference,
    purchase: purchaseOf(r),
    invoice: invoiceOf(r),
    hold,
    job:
      r.job_id === null
        ? null
        : { id: r.job_id, prompt: r.prompt ?? '', seconds: r.seconds ?? 0, resolution: r.resolution ?? '' },
  };
}
