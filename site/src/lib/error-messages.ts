// Server errors as a user reads them: error code → a sentence saying what happened and what to do, per
// locale (error-messages.en.ts / .zh.ts, one loaded per page like every words set). ApiError carries the
// translated text (api.ts), so every page that shows an error shows this. Codes only one area's calls can
// meet (the console's, the account page's) are that area's own set, registered by its API module.
import type { ErrorCode } from '../../../worker/vocabulary/error-codes';
import type { Locale } from '../../../worker/vocabulary/locales';
import type accountEn from './account-error-messages.en';
import type adminEn from './admin-error-messages.en';
import type apiOnlyEn from './api-only-error-messages.en';
import type authEn from './auth-error-messages.en';
import type en from './error-messages.en';
import { pageWords, type WordLoaders } from './page-words';
import type purchaseEn from './purchase-error-messages.en';
import type studioEn from './studio-error-messages.en';

export type ErrorMessageKey = keyof typeof en;

/**
 * Every code the Worker's registry (worker/vocabulary/error-codes.ts) holds has a sentence in one of the
 * sets: the shared one, an area's, or the set for routes no page calls (api-only-error-messages.*). A code
 * without one is named by the compiler here.
 */
type Unsentenced = Exclude<
  ErrorCode,
  | ErrorMessageKey
  | keyof typeof adminEn
  | keyof typeof accountEn
  | keyof typeof authEn
  | keyof typeof studioEn
  | keyof typeof purchaseEn
  | keyof typeof apiOnlyEn
>;
export const everyCodeHasASentence: [Unsentenced] extends [never] ? true : Unsentenced = true;

// Registered when api.ts is (the entry imports it): the layout's switchLocale loads it with the shared words,
// from the same chunk (i18n.en.ts re-exports the sentences), so it costs no request of its own.
const words = pageWords<ErrorMessageKey>({
  en: () => import('./i18n.en').then((m) => ({ default: m.errorMessages })),
  zh: () => import('./i18n.zh').then((m) => ({ default: m.errorMessages })),
});

const areaSets: ReturnType<typeof pageWords<string>>[] = [];

/**
 * An area's own error sentences (admin-api.ts, account-api.ts): registered when its module is imported, so
 * they load with that area's page (lazyPage) and no other page carries them.
 */
export function areaErrorMessages<K extends string>(loaders: WordLoaders<K>): void {
  areaSets.push(pageWords<string>(loaders as WordLoaders<string>));
}

/**
 * The sentence to show a user for an error code, in `locale` (the generic one for codes no loaded set
 * knows); undefined while that locale's sentences have not loaded, which only an error made before the
 * layout's first words load can meet (start-up's /api/auth/me, which no one shows).
 */
export function errorMessage(code: string, locale: Locale): string | undefined {
  if (!words.has(locale, 'generic_error')) return undefined;
  if (words.has(locale, code)) return words.in(locale, code);
  const area = areaSets.find((set) => set.has(locale, code));
  return area ? area.in(locale, code) : words.in(locale, 'generic_error');
}
