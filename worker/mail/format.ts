// Money and dates as an email in each language writes them: amounts in the currency's smallest
// unit (cents) shown with their symbol, dates in UTC (an email is read anywhere, later).
import type { Locale } from '../vocabulary/locales';

const TAG: Record<Locale, string> = { en: 'en-US', zh: 'zh-CN' };

export function formatMoney(locale: Locale, minorUnits: number, currency: string): string {
  const format = new Intl.NumberFormat(TAG[locale], { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

export function formatDate(locale: Locale, ms: number): string {
  const date = new Intl.DateTimeFormat(TAG[locale], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return `${date.format(ms)} UTC`;
}

export const formatCredits = (locale: Locale, credits: number) => credits.toLocaleString(TAG[locale]);
