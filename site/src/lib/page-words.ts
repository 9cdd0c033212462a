// Per-page dictionaries (en and zh) beside the pages that use them, with the same `{name}` filling as i18n.ts.
import { formatNumber, type Locale, locale, type Vars } from './i18n';

export type Dictionaries<K extends string> = Record<Locale, Record<K, string>>;

/** Fills `{name}` placeholders; numbers are formatted for the locale; unknown names stay visible. */
export function fill(lang: Locale, text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

/** A reactive translate over one page's dictionaries, in the current locale. */
export function pageWords<K extends string>(dictionaries: Dictionaries<K>) {
  const words = (key: K, vars?: Vars) => fill(locale(), dictionaries[locale()][key], vars);
  /** The same, in a given locale (for code that is not reactive). */
  words.in = (lang: Locale, key: K, vars?: Vars) => fill(lang, dictionaries[lang][key], vars);
  return words;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** What is wrong with a pair of dictionaries (missing keys, empty strings, placeholder mismatch); [] when nothing. */
export function dictionaryProblems<K extends string>(dictionaries: Dictionaries<K>): string[] {
  const problems: string[] = [];
  const en = dictionaries.en;
  const zh = dictionaries.zh;
  const keys = new Set([...Object.keys(en), ...Object.keys(zh)]) as Set<K>;
  for (const key of keys) {
    if (!(key in en) || !(key in zh)) problems.push(`${key}: missing in ${key in en ? 'zh' : 'en'}`);
    else if (!en[key].trim() || !zh[key].trim()) problems.push(`${key}: empty`);
    else if (placeholders(en[key]).join() !== placeholders(zh[key]).join())
      problems.push(`${key}: placeholders differ`);
  }
  return problems;
}
