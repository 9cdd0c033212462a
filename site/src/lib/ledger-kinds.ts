// The site's one ledger kind → label map and the kinds' names (kind-words.en.ts / .zh.ts, loaded with the
// pages that show kinds); the kinds themselves come from the Worker (worker/vocabulary/ledger.ts).
import type { LedgerKind } from '../../../worker/vocabulary/ledger';
import type en from './kind-words.en';
import { pageWords } from './page-words';

export type { LedgerKind };
export type KindWord = keyof typeof en;

const kw = pageWords<KindWord>({ en: () => import('./kind-words.en'), zh: () => import('./kind-words.zh') });

/**
 * Each kind's label, in the order the history filter offers them (the order people look for them).
 * Typed by the Worker's kinds: a new ledger kind fails to compile until it has a label here.
 */
export const KIND_LABELS: Record<LedgerKind, KindWord> = {
  purchase: 'kind_purchase',
  spend: 'kind_spend',
  hold: 'kind_hold',
  release: 'kind_release',
  refund: 'kind_refund',
  dispute: 'kind_dispute',
  dispute_reversal: 'kind_dispute_reversal',
  grant: 'kind_grant',
  adjustment: 'kind_adjustment',
  subscription: 'kind_subscription',
  expire: 'kind_expire',
};

/** Every ledger kind, in the filter's order. */
export const FILTER_KINDS = Object.keys(KIND_LABELS) as LedgerKind[];

export function isLedgerKind(value: unknown): value is LedgerKind {
  return typeof value === 'string' && Object.hasOwn(KIND_LABELS, value);
}

/** The label key of a kind as it arrives (a string from the API): an unknown one reads "Other". */
export function kindLabelKey(kind: string): KindWord {
  return isLedgerKind(kind) ? KIND_LABELS[kind] : 'kind_unknown';
}

/** Reactive text of a kind's label key, in the current locale. */
export const kindText = (key: KindWord): string => kw(key);

/** Reactive label of a kind, in the current locale. */
export const kindLabel = (kind: string): string => kw(kindLabelKey(kind));

/** A hold is one row in the statement: its label says how it ended (one word for each) or that it still holds. */
const HOLD_LABELS: Readonly<Record<string, KindWord>> = {
  active: 'kind_hold',
  captured: 'kind_capture',
  released: 'kind_release',
  expired: 'kind_hold_expired',
};

/** The label key of a statement row (GET /api/history): a hold row by its status, any other by its kind. */
export function rowKindLabelKey(row: { kind: string; hold?: { status: string } | null }): KindWord {
  if (row.kind === 'hold' && row.hold) return HOLD_LABELS[row.hold.status] ?? 'kind_hold';
  return kindLabelKey(row.kind);
}
