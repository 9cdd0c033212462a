// What each history row says (pack, plan payment, render, reason, amount paid), the kinds to filter by, and merging pages. Pure.
import { DEFAULT_CUSTOMER_NOTE } from '../../../../worker/vocabulary/support';
import type { HistoryKind, HistoryRow } from '../../lib/api';
import { formatMoney, formatNumber, type Locale } from '../../lib/i18n';
import { FILTER_KINDS, isLedgerKind, type KindWord, rowKindLabelKey } from '../../lib/ledger-kinds';
import { type HistoryWord, hw } from './history-words';

/** A hold row's label says how it ended (lib/ledger-kinds.ts, shared with home's recent activity). */
export const kindLabelKey = (row: Pick<HistoryRow, 'kind' | 'hold'>): KindWord => rowKindLabelKey(row);

export interface RowDescription {
  /** What it was, in words: the pack, the plan, the render, the reason. */
  what: string;
  /** A second line: the render's prompt, or why a hold cost nothing. */
  detail?: string;
  /** For a purchase or a plan payment: what was paid ("Paid $10.00"). */
  paid?: string;
  /** For a purchase: the Checkout Session whose receipt can be opened. */
  receiptFor?: string;
  /** For a plan payment: the link to its invoice. */
  invoiceHref?: string;
}

type Words = (key: HistoryWord, vars?: Record<string, string | number>) => string;

function describeHold(lang: Locale, w: Words, row: HistoryRow, hold: NonNullable<HistoryRow['hold']>): RowDescription {
  // What it cost: the capture once settled, what it holds while active.
  const credits = hold.status === 'active' ? hold.amount : hold.captured;
  const cost = plural(lang, w, hold.status === 'active' ? 'reserved' : 'credits', credits);
  const why =
    hold.status === 'released'
      ? w(row.job ? 'render_failed' : 'hold_released')
      : hold.status === 'expired'
        ? w('hold_expired')
        : undefined;
  if (row.job) {
    const prompt = w('prompt', { prompt: row.job.prompt });
    return {
      what: w('video', { seconds: row.job.seconds, resolution: row.job.resolution, cost }),
      detail: why ? `${prompt} · ${why}` : prompt,
    };
  }
  return { what: `${hold.reason} · ${cost}`, ...(why ? { detail: why } : {}) };
}

export function describeRow(lang: Locale, row: HistoryRow): RowDescription {
  const w: Words = (key, vars) => hw.in(lang, key, vars);
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
  const invoice = row.invoice;
  if (invoice) {
    const plan = planName(lang, invoice);
    const amount = formatMoney(lang, invoice.amount, invoice.currency);
    switch (row.kind) {
      case 'subscription':
        return { what: w('plan_payment', { plan, amount }), invoiceHref: invoice.hostedInvoiceUrl };
      case 'refund':
        return { what: w('plan_refund_of', { plan }), invoiceHref: invoice.hostedInvoiceUrl };
      case 'dispute':
        return { what: w('plan_dispute_of', { plan }) };
      case 'dispute_reversal':
        return { what: w('plan_dispute_won', { plan }) };
    }
  }
  if (row.hold) return describeHold(lang, w, row, row.hold);
  if (row.kind === 'subscription') return { what: w('carried_over') };
  if (row.kind === 'expire') return { what: w('expired') };
  // Support's neutral sentence, stored in English, is shown in the page's language.
  if ((row.kind === 'grant' || row.kind === 'adjustment') && row.reference === DEFAULT_CUSTOMER_NOTE) {
    return { what: w('support_note') };
  }
  return { what: w('reason', { reason: row.reference }) };
}

/** The plan's name in the page's language (the API's `planName` is English); an unknown plan by the API's name. */
const PLAN_WORDS: Readonly<Record<string, HistoryWord>> = { pro: 'plan_pro', studio: 'plan_studio' };
function planName(lang: Locale, invoice: NonNullable<HistoryRow['invoice']>): string {
  const key = PLAN_WORDS[invoice.planId];
  return key ? hw.in(lang, key) : invoice.planName;
}

/** Appends a page, dropping rows already shown (a retried "Load more" must not duplicate). */
export function appendPage(shown: readonly HistoryRow[], page: readonly HistoryRow[]): HistoryRow[] {
  const seen = new Set(shown.map((row) => row.id));
  return [...shown, ...page.filter((row) => !seen.has(row.id))];
}

/** The filter's kinds: every kind a row can have (a settled hold's `release` is part of its hold row). */
export const HISTORY_FILTER_KINDS = FILTER_KINDS.filter((kind) => kind !== 'release');

/** The filter as kept in the URL (`?kind=`): a known kind, or undefined for everything. */
export function parseKind(value: unknown): HistoryKind | undefined {
  return isLedgerKind(value) ? value : undefined;
}

/** The word `{stem}_one` or `{stem}_other` for n, as the locale's plural rules choose ("1 entry", "2 entries"). */
function plural(lang: Locale, w: Words, stem: 'shown' | 'credits' | 'reserved', n: number): string {
  const one = new Intl.PluralRules(lang === 'zh' ? 'zh-CN' : 'en-US').select(n) === 'one';
  return w(`${stem}_${one ? 'one' : 'other'}`, { n: formatNumber(lang, n) });
}

/** "1 entry shown" / "2 entries shown". */
export const shownText = (lang: Locale, n: number): string =>
  plural(lang, (key, vars) => hw.in(lang, key, vars), 'shown', n);

/** The CSV export's link, carrying the page's filter. */
export function exportHref(base: string, kind: HistoryKind | undefined): string {
  return kind ? `${base}?kind=${encodeURIComponent(kind)}` : base;
}
