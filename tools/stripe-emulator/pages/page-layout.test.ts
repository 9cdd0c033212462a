// The hosted pages' palette meets WCAG AA contrast (4.5:1 for text) and their language follows the locale or the browser.
import { describe, expect, it } from 'vitest';
import { CONTRAST_PAIRS, PALETTE, pageLocale } from './page-layout';

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('the hosted pages’ colours', () => {
  it('computes contrast as WCAG does (black on white 21:1, the old muted grey on the page below AA)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#697386', '#f6f8fa')).toBeLessThan(4.5);
  });

  it.each(CONTRAST_PAIRS)('%s on %s (%s) reaches 4.5:1', (foreground, background) => {
    expect(contrast(PALETTE[foreground], PALETTE[background])).toBeGreaterThanOrEqual(4.5);
  });
});

describe('pageLocale', () => {
  it('takes the first locale given, Chinese for every zh variant', () => {
    expect(pageLocale(['zh'], 'en')).toBe('zh');
    expect(pageLocale(['zh-TW'], undefined)).toBe('zh');
    expect(pageLocale([null, 'zh-HK'], undefined)).toBe('zh');
    expect(pageLocale(['de'], 'zh-CN')).toBe('en');
  });

  it('follows Accept-Language for auto or none, English when it names neither language', () => {
    expect(pageLocale(['auto'], 'zh-CN,zh;q=0.9')).toBe('zh');
    expect(pageLocale([undefined], 'fr-FR,en;q=0.8,zh;q=0.5')).toBe('en');
    expect(pageLocale([], 'fr-FR')).toBe('en');
    expect(pageLocale([], undefined)).toBe('en');
  });
});
