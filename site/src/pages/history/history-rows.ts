// What each history row says (pack, job, reason, amount paid), the kinds to filter by, and merging pages. Pure.
import { DEFAULT_CUSTOMER_NOTE } from '../../../../worker/vocabulary/support';
import type { HistoryKind, HistoryRow } from '../../lib/api';
import { formatMoney, type Locale } from '../../lib/i18n';
import { isLedgerKind, type KindWord, kindLabelKey as kindKey } from '../../lib/ledger-kinds';
import { type HistoryWord, hw } from './history-words';

/** A `release` that returned a capture's unused rest reads as "hold settled", not "released". */
export function kindLabelKey(row: Pick<HistoryRow, 'kind' | 'hold'>): KindWord {
  if (row.kind === 'release' && row.hold?.status === 'captured') return 'kind_capture';
  return kindKey(row.kind);
}

export interface RowDescription {
  /** What it was, in words: the pack, the render, the reason. */
  what: string;
  /** For a purchase: what was paid ("Paid $10.00"). */
  paid?: string;
  /** For a purchase: the Checkout Session whose receipt can be opened. */
  receiptFor?: string;
}

export function describeRow(lang: Locale, row: HistoryRow): RowDescription {
  const w = (key: HistoryWord, vars?: Record<string, string | number>) => hw.in(lang, key, vars);
  const purchase = row.purchase;
  if (purchase) {
    const pack = purchase.packNames[lang] ?? purchase.packName;
    switch (row.kind) {
      case 'purchase':
        return {
          what: w('pack', { pack }),
          paid: w('paid', { amount: formatMoney(lang, purchase.amount, purchase.currency) }),
          receiptFor: purchase.sessionId,
        };
      case 'refund':
        return { what: w('refund_of', { pack }) };
      case 'dispute':
        return { what: w('dispute_of', { pack }) };
      case 'dispute_reversal':
        return { what: w('dispute_won', { pack }) };
    }
  }
  const job = row.job;
  if (job) {
    const render = w('render', { prompt: job.prompt, seconds: job.seconds, resolution: job.resolution });
    if (row.kind === 'release' && row.hold?.status === 'captured')
      return { what: `${w('settled_render')} · ${render}` };
    return { what: render };
  }
  if (row.hold) {
    return { what: w(row.kind === 'hold' ? 'reserved_for' : 'released_for', { reason: row.hold.reason }) };
  }
  if (row.kind === 'expire') return { what: w('expired') };
  // Support's neutral sentence, stored in English, is shown in the page's language.
  if ((row.kind === 'grant' || row.kind === 'adjustment') && row.reference === DEFAULT_CUSTOMER_NOTE) {
    return { what: w('support_note') };
  }
  return { what: w('reason', { reason: row.reference }) };
}

/** Appends a page, dropping rows already shown (a retried "Load more" must not duplicate). */
export function appendPage(shown: readonly HistoryRow[], page: readonly HistoryRow[]): HistoryRow[] {
  const seen = new Set(shown.map((row) => row.id));
  return [...shown, ...page.filter((row) => !seen.has(row.id))];
}

/** The filter as kept in the URL (`?kind=`): a known kind, or undefined for everything. */
export function parseKind(value: unknown): HistoryKind | undefined {
  return isLedgerKind(value) ? value : undefined;
}
