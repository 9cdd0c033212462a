// Specifies row 9's verdicts: 9a's budget is the sum of the path's parts measured in the run, and a
// top-up that is late, missing or not exactly once fails it; 9b is the on/off ratio of the spend.
import { describe, expect, it } from 'vitest';
import type { AutoTopupResult } from './auto-topup';
import { autoTopupFigures, TOPUP_D1_TRIPS } from './auto-topup-figures';

/** A run whose every sample of a series is the same value (so each p50 is that value). */
function run(over: Partial<Record<keyof AutoTopupResult, unknown>> = {}): AutoTopupResult {
  const of = (v: number) => [v, v, v];
  return {
    creditMs: of(50),
    spendPushMs: of(15),
    onSpendMs: of(10),
    offSpendMs: of(10),
    purchasePushMs: of(12),
    intentMs: of(14),
    meMs: of(9),
    noopMs: of(4),
    missed: 0,
    notOnce: 0,
    failed: [],
    ...over,
  } as AutoTopupResult;
}

describe('row 9 figures', () => {
  it("9a's budget is the spend's push + the alarm's D1 trips + one PaymentIntent + a purchase's push", () => {
    const f = autoTopupFigures(run());
    expect(f.d1P50).toBe(5);
    expect(f.budget).toBe(15 + TOPUP_D1_TRIPS * 5 + 14 + 12);
    expect(f.creditPass).toBe(true);
  });

  it('9a fails when the p50 is over the budget, a top-up is missed or a user is not charged exactly once', () => {
    expect(autoTopupFigures(run({ creditMs: [100, 100, 100] })).creditPass).toBe(false);
    expect(autoTopupFigures(run({ missed: 1 })).creditPass).toBe(false);
    expect(autoTopupFigures(run({ notOnce: 1 })).creditPass).toBe(false);
    expect(autoTopupFigures(run({ failed: ['on spend -> 402'] })).creditPass).toBe(false);
    expect(autoTopupFigures(run({ creditMs: [] })).creditPass).toBe(false);
  });

  it('a D1 round trip is never negative, even when /me happened to be faster than the no-op', () => {
    expect(autoTopupFigures(run({ meMs: [3, 3, 3] })).d1P50).toBe(0);
  });

  it('9b passes at 1.1× and fails above it', () => {
    expect(autoTopupFigures(run({ onSpendMs: [11, 11, 11] })).spendRatio).toBeCloseTo(1.1);
    expect(autoTopupFigures(run({ onSpendMs: [11, 11, 11] })).spendPass).toBe(true);
    expect(autoTopupFigures(run({ onSpendMs: [11.5, 11.5, 11.5] })).spendPass).toBe(false);
  });
});
