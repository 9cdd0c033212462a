// The site's shared words (i18n.en.ts / i18n.zh.ts, one loaded per page), the locale, and Intl-based number, money and date formatting.
import { LOCALES, type Locale } from '../../../worker/vocabulary/locales';
import type en from './i18n.en';
import { formatNumber, locale, pageWords, type Vars } from './page-words';

export { formatNumber, LOCALES, type Locale, locale, type Vars };

export type MessageKey = keyof typeof en;

const words = pageWords<MessageKey>({ en: () => import('./i18n.en'), zh: () => import('./i18n.zh') });

/** Each language's own name, shown in the switcher in that language (not translated, by convention). */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', zh: '中文' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** zh* → zh, anything else → en; the first language the browser lists decides. */
export function pickLocale(languages: readonly string[]): Locale {
  const first = languages[0]?.toLowerCase() ?? '';
  return first === 'zh' || first.startsWith('zh-') ? 'zh' : 'en';
}

/** Looks a key up and fills `{name}` placeholders. Numbers are formatted for the locale. */
export function translate(lang: Locale, key: MessageKey, vars?: Vars): string {
  return words.in(lang, key, vars);
}

/** "1,000 credits" / "1 credit"; plural choice by Intl.PluralRules so zh needs no plural forms. */
export function formatCredits(locale: Locale, n: number): string {
  const form = new Intl.PluralRules(locale).select(n) === 'one' ? 'credits_one' : 'credits_other';
  return translate(locale, form, { n });
}

/** "+1,000" / "−10": ledger deltas always carry their sign. */
export function formatDelta(locale: Locale, n: number): string {
  return new Intl.NumberFormat(locale, { signDisplay: 'exceptZero' }).format(n);
}

/**
 * Prices arrive in the currency's smallest unit (cents for USD, yen for JPY), as Stripe sends
 * them; the currency's own number of decimals (from Intl) turns them into a display amount.
 */
export function formatMoney(locale: Locale, amount: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(amount / 10 ** digits);
}

/** Accepts an ISO string (the ledger's `createdAt`), epoch milliseconds or epoch seconds. */
export function toDate(value: string | number): Date {
  if (typeof value === 'number') return new Date(value < 1e12 ? value * 1000 : value);
  return new Date(value);
}

/** "9 Dec" / "12月9日": a day without the time, for expiry notices. */
export function formatDay(locale: Locale, value: string | number): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(date);
}

export function formatDateTime(locale: Locale, value: string | number): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Reactive translate in the current locale: use it inside JSX or effects. */
export const t = (key: MessageKey, vars?: Vars): string => words(key, vars);

/** Reactive "1,000 credits" in the current locale. */
export function credits(n: number): string {
  return formatCredits(locale(), n);
}

/** A site path under the current locale: path('/payment/cancel') → '/en/payment/cancel'. */
export function localePath(path = ''): string {
  return `/${locale()}${path === '/' ? '' : path}`;
}

/** The same page in another locale: swaps the first path segment, keeps the query. */
export function switchLocalePath(pathname: string, search: string, to: Locale): string {
  const rest = pathname.replace(/^\/[^/]*/, '');
  return `/${to}${rest}${search}`;
}
