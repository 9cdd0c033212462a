// Small formatting helpers for the report: percentiles with never-seen samples, block spreads, percentages.
import { ms, percentile } from '../lib/stats';

/** Median where a missing sample (never visible) ranks above every real one. */
export function medianWithMissing(values: (number | null)[], p = 50): number {
  return percentile(
    values.map((v) => (v === null ? Number.POSITIVE_INFINITY : v)),
    p,
  );
}

/** p95 ranking never-visible purchases last, and (when that lands on one) the p95 of those shown. */
export function p95WithMissing(values: (number | null)[]): string {
  const all = medianWithMissing(values, 95);
  if (all !== Number.POSITIVE_INFINITY) return ms(all);
  const shown = values.filter((v): v is number => v !== null);
  return `never (of the ${shown.length} shown: ${ms(percentile(shown, 95))})`;
}

/** min–max of the per-block ratio a/b of two interleaved runs. */
export function blockSpread(a: { blockRates?: number[] }, b: { blockRates?: number[] }): string {
  const r = (a.blockRates ?? []).map((x, i) => x / (b.blockRates?.[i] ?? Number.NaN)).filter(Number.isFinite);
  return r.length ? `${Math.round(Math.min(...r) * 100)}–${Math.round(Math.max(...r) * 100)}%` : '—';
}

export const pct = (x: number | null) => (x === null ? '?' : `${Math.round(x * 100)}%`);
