// Specifies the count-up arithmetic.
import { describe, expect, it } from 'vitest';
import { countUpValue, easeOutCubic } from './count-up';

describe('countUpValue', () => {
  it('starts at from and ends exactly at to', () => {
    expect(countUpValue(1000, 2000, 0, 800)).toBe(1000);
    expect(countUpValue(1000, 2000, 800, 800)).toBe(2000);
    expect(countUpValue(1000, 2000, 5000, 800)).toBe(2000);
  });

  it('moves monotonically through whole numbers', () => {
    let last = 1000;
    for (let t = 0; t <= 800; t += 16) {
      const v = countUpValue(1000, 2000, t, 800);
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });

  it('eases out: more than half way at the midpoint', () => {
    expect(countUpValue(0, 1000, 400, 800)).toBeGreaterThan(500);
    expect(easeOutCubic(0)).toBe(0);
    expect(easeOutCubic(1)).toBe(1);
  });

  it('jumps to the end for a zero duration (reduced motion)', () => {
    expect(countUpValue(0, 1000, 0, 0)).toBe(1000);
  });
});
