// Specifies the one i18n pattern: per-locale loading, placeholder filling and the parity check every words set runs.
import { describe, expect, it, vi } from 'vitest';
import { dictionaryProblems, fill, loadPageWords, loadWords, locale, pageWords, switchLocale } from './page-words';

describe('per-locale words', () => {
  it('loads only the locale asked for, and makes it current only once its words are in', async () => {
    const asked: string[] = [];
    const file = (lang: string, hi: string) => async () => {
      asked.push(lang);
      return { default: { hi } };
    };
    const w = pageWords<'hi'>({ en: file('en', 'Hello {n}'), zh: file('zh', '你好 {n}') });
    expect(() => w.in('zh', 'hi')).toThrow('before loadWords');
    const switching = switchLocale('zh');
    expect(locale()).toBe('en'); // still the old words on screen while the new ones load
    await switching;
    expect(locale()).toBe('zh');
    expect(asked).toEqual(['zh']);
    expect(w('hi', { n: 1000 })).toBe('你好 1,000');
    await loadWords('zh');
    expect(asked).toEqual(['zh']); // loaded once
    await switchLocale('en');
    expect(w('hi', { n: 2 })).toBe('Hello 2');
  });

  it('loads a page set that arrives while a switch is loading before the switch shows', async () => {
    await switchLocale('en');
    // The shell's set, not yet in zh: the switch waits on it.
    pageWords<'hi'>({ en: async () => ({ default: { hi: 'Hi' } }), zh: async () => ({ default: { hi: '嗨' } }) });
    const switching = switchLocale('zh');
    // The router imports a page chunk mid-switch: its set registers now, and must be in zh by the switch.
    const late = pageWords<'bye'>({
      en: async () => ({ default: { bye: 'Bye' } }),
      zh: async () => ({ default: { bye: '再见' } }),
    });
    await switching;
    expect(late('bye')).toBe('再见');
    // A page imported afterwards loads its words in the chosen locale (lazyPage calls loadPageWords).
    const after = pageWords<'ok'>({
      en: async () => ({ default: { ok: 'OK' } }),
      zh: async () => ({ default: { ok: '好' } }),
    });
    await loadPageWords();
    expect(after('ok')).toBe('好');
    expect(() => after.in('en', 'ok')).toThrow('before loadWords'); // only the language shown
  });
});

describe('the first words of a page loaded in zh', () => {
  it('fetches only zh words, even for a page chunk that arrives before any locale is shown', async () => {
    vi.resetModules(); // a page load: no locale shown yet (the signal's default is en)
    const words = await import('./page-words');
    const asked: string[] = [];
    const file = (name: string, k: string) => async () => {
      asked.push(name);
      return { default: { k } };
    };
    const set = (name: string) => ({ en: file(`${name}.en`, 'K'), zh: file(`${name}.zh`, '钥') });
    words.pageWords<'k'>(set('shell'));
    const switching = words.switchLocale('zh'); // the layout, on /zh/…
    words.pageWords<'k'>(set('page')); // the router imported the page's chunk meanwhile
    await words.loadPageWords(); // lazyPage, before the page renders
    await switching;
    expect(asked.sort()).toEqual(['page.zh', 'shell.zh']);
  });
});

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
