// Server errors as a user reads them: error code → a sentence saying what happened and what to do, per
// locale (error-messages.en.ts / .zh.ts, one loaded per page like every words set). ApiError carries the
// translated text (api.ts), so every page that shows an error shows this.
import type { Locale } from '../../../worker/locales';
import type en from './error-messages.en';
import { pageWords } from './page-words';

export type ErrorMessageKey = keyof typeof en;

// Registered when api.ts is (the entry imports it): the layout's switchLocale loads it with the shared words,
// from the same chunk (i18n.en.ts re-exports the sentences), so it costs no request of its own.
const words = pageWords<ErrorMessageKey>({
  en: () => import('./i18n.en').then((m) => ({ default: m.errorMessages })),
  zh: () => import('./i18n.zh').then((m) => ({ default: m.errorMessages })),
});

/**
 * The sentence to show a user for an error code, in `locale` (the generic one for codes the table does not
 * know); undefined while that locale's sentences have not loaded, which only an error made before the
 * layout's first words load can meet (start-up's /api/auth/me, which no one shows).
 */
export function errorMessage(code: string, locale: Locale): string | undefined {
  if (!words.has(locale, 'generic_error')) return undefined;
  return words.in(locale, words.has(locale, code) ? code : 'generic_error');
}
