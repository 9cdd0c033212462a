// Specifies what credits buy in typical renders, the low-balance rule and when "N reserved" shows.
import { beforeAll, describe, expect, it } from 'vitest';
import { expiresSoon, isLowBalance, showsReserved, TYPICAL_RENDER_COST, typicalRenders } from './credits-buy';
import { translate } from './i18n';
import { loadWords } from './page-words';

// The words are loaded per locale on demand (lib/page-words.ts); these tests read both.
beforeAll(() => loadWords('en', 'zh'));

describe('what credits buy', () => {
  it('a typical render is 10 s at 720p = 40 credits', () => {
    expect(TYPICAL_RENDER_COST).toBe(40);
  });
  it('counts whole typical renders, rounding down', () => {
    expect(typicalRenders(5500)).toBe(137);
    expect(typicalRenders(39)).toBe(0);
    expect(typicalRenders(-5)).toBe(0);
  });
  it('reads in both languages', () => {
    expect(translate('en', 'buys_renders', { n: typicalRenders(5500), s: 10 })).toBe('About 137 videos of 10 s');
    expect(translate('zh', 'buys_renders', { n: 137, s: 10 })).toBe('约可生成 137 个 10 秒视频');
  });
});

describe('low balance', () => {
  it('is under one typical render, and never while the balance is unknown', () => {
    expect(isLowBalance(39)).toBe(true);
    expect(isLowBalance(0)).toBe(true);
    expect(isLowBalance(40)).toBe(false);
    expect(isLowBalance(null)).toBe(false);
    expect(isLowBalance(undefined)).toBe(false);
  });
});

describe('reserved and expiring', () => {
  it('"N reserved" shows only while something is held', () => {
    expect(showsReserved(40)).toBe(true);
    expect(showsReserved(0)).toBe(false);
    expect(showsReserved(undefined)).toBe(false);
    expect(translate('en', 'reserved', { n: 1200 })).toBe('1,200 reserved');
  });
  it('an expiring lot with credits is a notice', () => {
    expect(expiresSoon({ credits: 500, at: '2026-12-09T00:00:00.000Z' })).toBe(true);
    expect(expiresSoon(null)).toBe(false);
    expect(translate('en', 'expiring_notice', { credits: 500, date: '9 Dec' })).toBe('500 credits expire on 9 Dec.');
  });
});
