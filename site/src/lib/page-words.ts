// The one i18n pattern: every set of words is a pair of per-locale modules (x.en.ts, x.zh.ts) loaded on
// demand, so a page ships one language; `{name}` filling and the current locale live here, once.
import { createSignal } from 'solid-js';
import type { Locale } from '../../../worker/vocabulary/locales';

export type Vars = Record<string, string | number>;
export type Dictionaries<K extends string> = Record<Locale, Record<K, string>>;
/** One words set's modules, one per locale (`() => import('./x.en')`): each becomes its own chunk. */
export type WordLoaders<K extends string> = Record<Locale, () => Promise<{ default: Record<K, string> }>>;

// The current locale: set by the /:locale layout (switchLocale) only once its words are loaded.
const [locale, setLocale] = createSignal<Locale>('en');
export { locale };

export function formatNumber(lang: Locale, n: number): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** Fills `{name}` placeholders; numbers are formatted for the locale; unknown names stay visible. */
export function fill(lang: Locale, text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

interface WordsSet {
  loaders: WordLoaders<string>;
  loaded: Partial<Record<Locale, Record<string, string>>>;
  /** The file on its way, so the layout's and a page's loads in the same moment fetch it once. */
  loading: Partial<Record<Locale, Promise<void>>>;
}

/** Every words set whose module has been imported: loadWords fetches their files for a locale. */
const sets: WordsSet[] = [];

/** Loads every known words set's file for these locales (a page's set joins when its chunk is imported). */
export async function loadWords(...langs: Locale[]): Promise<void> {
  await Promise.all(
    sets.flatMap((set) =>
      langs.map((lang) => {
        if (set.loaded[lang]) return undefined;
        set.loading[lang] ??= set.loaders[lang]().then(
          (module) => {
            set.loaded[lang] = module.default;
          },
          (error: unknown) => {
            set.loading[lang] = undefined; // the next load tries again (loadChunk's retries)
            throw error;
          },
        );
        return set.loading[lang];
      }),
    ),
  );
}

/** The locale the layout asked for last (undefined until it has): pages load their words in it. */
let chosen: Locale | undefined;
/** The locale on screen (undefined until the first one's words are in: locale()'s 'en' is only a default). */
let shown: Locale | undefined;

/** Loads a locale's words, then makes it current: the page never renders a key or the other language. */
export async function switchLocale(lang: Locale): Promise<void> {
  chosen = lang;
  // Again until none is missing: the router may import a page's chunk (and so its set) while these load.
  while (sets.some((set) => !set.loaded[lang])) await loadWords(lang);
  if (chosen === lang) {
    shown = lang;
    setLocale(lang);
  }
}

/**
 * For a page chunk just imported (lazyPage): its words in the locale shown and the one on its way. The
 * router imports route chunks before the layout has chosen a locale; then switchLocale loads them.
 */
export function loadPageWords(): Promise<void> {
  if (!chosen) return Promise.resolve();
  // Before the first locale is shown there is only the one on its way: a /zh page never fetches en words.
  return loadWords(...new Set([shown ?? chosen, chosen]));
}

/** A reactive translate over one words set, in the current locale (and `.in(lang, …)` for a given one). */
export function pageWords<K extends string>(loaders: WordLoaders<K>) {
  const set: WordsSet = { loaders, loaded: {}, loading: {} };
  sets.push(set);
  const text = (lang: Locale, key: K): string => {
    const words = set.loaded[lang];
    // Cannot happen in the app (the layout and lazyPage load before rendering): fail loudly, never show a key.
    if (!words) throw new Error(`words for "${lang}" used before loadWords("${lang}")`);
    return words[key] as string;
  };
  const words = (key: K, vars?: Vars) => fill(locale(), text(locale(), key), vars);
  /** The same, in a given locale (for code that is not reactive). */
  words.in = (lang: Locale, key: K, vars?: Vars) => fill(lang, text(lang, key), vars);
  /** Whether the set has this key (for keys that arrive as data, like ledger kinds). */
  words.has = (lang: Locale, key: string): key is K => key in (set.loaded[lang] ?? {});
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
