// Specifies the dictionaries' parity and the Intl formatting the pages rely on.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  formatCredits,
  formatDateTime,
  formatDelta,
  formatMoney,
  formatNumber,
  pickLocale,
  switchLocalePath,
  toDate,
  translate,
} from './i18n';
import en from './i18n.en';
import zh from './i18n.zh';
import { loadWords } from './page-words';

const dictionaries = { en, zh };

beforeAll(() => loadWords('en', 'zh'));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('zh has exactly the en keys (the type enforces it; this guards against casts)', () => {
    expect(Object.keys(dictionaries.zh).sort()).toEqual(Object.keys(dictionaries.en).sort());
  });

  it('every zh string uses the same placeholders as its en original', () => {
    for (const key of Object.keys(dictionaries.en) as (keyof typeof dictionaries.en)[]) {
      expect(placeholders(dictionaries.zh[key]), key).toEqual(placeholders(dictionaries.en[key]));
    }
  });

  it('has no empty strings', () => {
    for (const dict of Object.values(dictionaries)) {
      for (const [key, text] of Object.entries(dict)) expect(text.trim(), key).not.toBe('');
    }
  });
});

describe('translate', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    expect(translate('en', 'success_credited', { credits: 1000 })).toBe('+1,000 credits');
    expect(translate('zh', 'success_credited', { credits: 1000 })).toBe('+1,000 积分');
  });

  it('leaves unknown placeholders visible rather than printing "undefined"', () => {
    expect(translate('en', 'success_session', {})).toBe('Payment reference: {id}');
  });
});

describe('number formatting', () => {
  it('groups thousands', () => {
    expect(formatNumber('en', 1000)).toBe('1,000');
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
    expect(formatNumber('zh', 1000)).toBe('1,000');
  });

  it('says credits with the right plural', () => {
    expect(formatCredits('en', 1)).toBe('1 credit');
    expect(formatCredits('en', 0)).toBe('0 credits');
    expect(formatCredits('en', 1000)).toBe('1,000 credits');
    expect(formatCredits('en', -30)).toBe('-30 credits');
    expect(formatCredits('zh', 1)).toBe('1 积分');
    expect(formatCredits('zh', 2000)).toBe('2,000 积分');
  });

  it('signs ledger deltas', () => {
    expect(formatDelta('en', 1000)).toBe('+1,000');
    expect(formatDelta('en', -10)).toBe('-10');
    expect(formatDelta('en', 0)).toBe('0');
  });

  it('formats prices from the smallest currency unit', () => {
    expect(formatMoney('en', 999, 'usd')).toBe('$9.99');
    expect(formatMoney('en', 100000, 'USD')).toBe('$1,000.00');
    expect(formatMoney('en', 500, 'jpy')).toBe('¥500');
    expect(formatMoney('zh', 999, 'usd')).toBe('US$9.99');
    expect(formatMoney('en', 1299, 'eur')).toBe('€12.99');
  });
});

describe('dates', () => {
  it('reads ISO strings, epoch seconds and epoch milliseconds as the same instant', () => {
    const iso = '2026-04-26T12:00:00.000Z';
    const ms = Date.parse(iso);
    expect(toDate(iso).getTime()).toBe(ms);
    expect(toDate(ms).getTime()).toBe(ms);
    expect(toDate(ms / 1000).getTime()).toBe(ms);
  });

  it('shows an unparseable date as it came rather than "Invalid Date"', () => {
    expect(formatDateTime('en', 'not a date')).toBe('not a date');
  });
});

describe('locale choice', () => {
  it('sends Chinese browsers to zh and everyone else to en', () => {
    expect(pickLocale(['zh-CN', 'en'])).toBe('zh');
    expect(pickLocale(['zh'])).toBe('zh');
    expect(pickLocale(['zh-Hant-TW'])).toBe('zh');
    expect(pickLocale(['en-US', 'zh-CN'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('switches the first path segment and keeps the query', () => {
    expect(switchLocalePath('/en/payment/success', '?session_id=cs_1', 'zh')).toBe(
      '/zh/payment/success?session_id=cs_1',
    );
    expect(switchLocalePath('/zh', '', 'en')).toBe('/en');
  });
});
