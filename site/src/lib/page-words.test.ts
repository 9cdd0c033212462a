// Specifies per-page dictionaries: placeholder filling and the parity check every page dictionary runs.
import { describe, expect, it } from 'vitest';
import { dictionaryProblems, fill } from './page-words';

describe('fill', () => {
  it('fills placeholders, formats numbers for the locale and leaves unknown names visible', () => {
    expect(fill('en', '{n} credits from {who}', { n: 12000, who: 'Ada' })).toBe('12,000 credits from Ada');
    expect(fill('zh', '{n} 积分', { n: 1000 })).toBe('1,000 积分');
    expect(fill('en', 'ref {id}', {})).toBe('ref {id}');
  });
});

describe('dictionaryProblems', () => {
  it('finds missing keys, empty strings and placeholder mismatches', () => {
    expect(dictionaryProblems({ en: { a: 'A {n}', b: 'B' }, zh: { a: '甲 {n}', b: '乙' } })).toEqual([]);
    expect(
      dictionaryProblems({
        en: { a: 'A {n}', b: 'B', c: 'C' },
        zh: { a: '甲', b: ' ', d: '丁' } as unknown as Record<'a' | 'b' | 'c', string>,
      }),
    ).toEqual(['a: placeholders differ', 'b: empty', 'c: missing in zh', 'd: missing in en']);
  });
});
