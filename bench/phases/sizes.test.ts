// Specifies the sizes row's site figure: per page and locale, every chunk the page loads once, that
// locale's words chunks (from the entry's graph and the page's) and never the other's or other pages.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureSite, wordsLocale } from './sizes';

const dist = mkdtempSync(join(tmpdir(), 'creditcast-sizes-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

/** A built site the way Vite writes it: the entry imports the shell's words and routes to two pages. */
const files: Record<string, string> = {
  'index-AAAAAAAA.js': [
    'import{a}from"./shared-AAAAAAAA.js";',
    'const w={en:()=>import("./i18n.en-AAAAAAAA.js"),zh:()=>import("./i18n.zh-AAAAAAAA.js")};',
    'const p=()=>import("./success-page-AAAAAAAA.js"),q=()=>import("./home-page-AAAAAAAA.js");',
  ].join(''),
  'shared-AAAAAAAA.js': 'export const a=1;',
  'i18n.en-AAAAAAAA.js': 'export default{hello:"Hello"};',
  'i18n.zh-AAAAAAAA.js': 'export default{hello:"你好，欢迎使用这个网站"};',
  'success-page-AAAAAAAA.js': [
    'import{a}from"./shared-AAAAAAAA.js";import"./index-AAAAAAAA.js";',
    'const w={en:()=>import("./payment-words.en-AAAAAAAA.js"),zh:()=>import("./payment-words.zh-AAAAAAAA.js")};',
    'const more=()=>import("./receipt-AAAAAAAA.js");',
  ].join(''),
  'payment-words.en-AAAAAAAA.js': 'export default{paid:"Paid"};',
  'payment-words.zh-AAAAAAAA.js': 'export default{paid:"已付款"};',
  'receipt-AAAAAAAA.js': 'export const r=2;',
  'home-page-AAAAAAAA.js': 'export default function Home(){return "home page, not the success page"}',
};
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<script type="module" crossorigin src="/assets/index-AAAAAAAA.js"></script>');
for (const [name, code] of Object.entries(files)) writeFileSync(join(dist, 'assets', name), code);

describe('measureSite', () => {
  const { pages } = measureSite(dist);
  const loaded = (page: string, locale: string) =>
    pages
      .find((p) => p.page === page && p.locale === locale)
      ?.chunks.map((c) => c.file.replace('assets/', ''))
      .sort();

  it('counts, per locale, the entry, the page, its lazy parts and that locale words, each once', () => {
    expect(loaded('success-page', 'en')).toEqual([
      'i18n.en-AAAAAAAA.js',
      'index-AAAAAAAA.js',
      'payment-words.en-AAAAAAAA.js',
      'receipt-AAAAAAAA.js',
      'shared-AAAAAAAA.js',
      'success-page-AAAAAAAA.js',
    ]);
    expect(loaded('success-page', 'zh')).toEqual([
      'i18n.zh-AAAAAAAA.js',
      'index-AAAAAAAA.js',
      'payment-words.zh-AAAAAAAA.js',
      'receipt-AAAAAAAA.js',
      'shared-AAAAAAAA.js',
      'success-page-AAAAAAAA.js',
    ]);
  });

  it('lists pages, not words chunks, and sums the gzip of exactly the chunks it names', () => {
    expect([...new Set(pages.map((p) => p.page))].sort()).toEqual(['home-page', 'success-page']);
    for (const p of pages) expect(p.gzip).toBe(p.chunks.reduce((s, c) => s + c.gzip, 0));
    expect(loaded('home-page', 'zh')).toEqual([
      'home-page-AAAAAAAA.js',
      'i18n.zh-AAAAAAAA.js',
      'index-AAAAAAAA.js',
      'shared-AAAAAAAA.js',
    ]);
  });

  it('knows a words chunk by its locale suffix', () => {
    expect(wordsLocale('assets/error-messages.zh-Cn2rVLUr.js')).toBe('zh');
    expect(wordsLocale('assets/i18n.en-JWMDVHIi.js')).toBe('en');
    expect(wordsLocale('assets/success-page-DTH99Eb7.js')).toBeUndefined();
    expect(wordsLocale('assets/subscription-i18n-CkZAs1Jg.js')).toBeUndefined();
  });
});
