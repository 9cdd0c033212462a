// Specifies the landing page's pack values: videos per pack and bigger packs' bonus said in credits and percent.
import { describe, expect, it } from 'vitest';
import { dictionaryProblems } from '../../lib/page-words';
import en from './landing-words.en';
import zh from './landing-words.zh';
import { packValues, signUpToBuyHref } from './pack-value';

const pack = (id: string, credits: number, amount: number, currency = 'usd') => ({
  id,
  name: id,
  names: { en: id, zh: id },
  credits,
  amount,
  currency,
});

describe('packValues', () => {
  it('the server’s packs: Starter is the base, Creator and Studio say their bonus plainly', () => {
    const values = packValues([pack('starter', 1000, 1000), pack('creator', 5500, 5000), pack('studio', 12000, 10000)]);
    expect(values.map((v) => [v.pack.id, v.videos, v.bonusCredits, v.bonusPercent])).toEqual([
      ['starter', 25, 0, 0],
      ['creator', 137, 500, 10],
      ['studio', 300, 2000, 20],
    ]);
  });

  it('compares packs only within their currency, and survives a free pack', () => {
    const values = packValues([pack('a', 1000, 1000), pack('b', 1000, 150_000, 'jpy'), pack('free', 10, 0)]);
    expect(values.map((v) => v.bonusCredits)).toEqual([0, 0, 0]);
  });
});

describe('the landing dictionaries', () => {
  it('have the same keys and placeholders in en and zh, none empty', () => {
    expect(dictionaryProblems({ en, zh })).toEqual([]);
  });
});

describe('signUpToBuyHref', () => {
  it('signs up, then comes back to home with the pack chosen', () => {
    expect(signUpToBuyHref('/en', 'creator')).toBe('/en/signup?next=%2Fen%3Fpack%3Dcreator%23packs');
    expect(decodeURIComponent(signUpToBuyHref('/zh', 'studio').split('next=')[1]!)).toBe('/zh?pack=studio#packs');
  });
});
