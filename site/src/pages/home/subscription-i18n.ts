// The plans and subscription words (subscription-i18n.en.ts / .zh.ts), kept apart from the site's main dictionary so the plans UI merges cleanly.
import { type Locale, t, type Vars } from '../../lib/i18n';
import { pageWords } from '../../lib/page-words';
import type en from './subscription-i18n.en';

export type SubscriptionKey = keyof typeof en;

/** Reactive translate in the current locale: use it inside JSX or effects. */
export const st = pageWords<SubscriptionKey>({
  en: () => import('./subscription-i18n.en'),
  zh: () => import('./subscription-i18n.zh'),
});

/** Looks a key up in a given locale and fills `{name}` placeholders (numbers formatted for the locale). */
export function translateSub(lang: Locale, key: SubscriptionKey, vars?: Vars): string {
  return st.in(lang, key, vars);
}

/** A message for the plans UI: one of its own keys, one of the site's two generic errors, or the server's own words. */
export type PlansNotice = { key: SubscriptionKey | 'error_network' | 'error_generic' } | { text: string };

export function noticeText(notice: PlansNotice): string {
  if ('text' in notice) return notice.text;
  return notice.key === 'error_network' || notice.key === 'error_generic' ? t(notice.key) : st(notice.key);
}
