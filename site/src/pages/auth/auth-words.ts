// The sign-in and sign-up pages' own words (auth-words.en.ts / .zh.ts, one loaded per page), and how their
// notices read: a key of theirs, or one of the site's two generic errors.
import { ApiError } from '../../lib/api';
import { t } from '../../lib/i18n';
import { pageWords } from '../../lib/page-words';
import type en from './auth-words.en';

export type AuthWord = keyof typeof en;
/** What sign-in and sign-up may say: their own words, or the site's generic network and server errors. */
export type AuthKey = AuthWord | 'error_network' | 'error_generic';

export const aw = pageWords<AuthWord>({
  en: () => import('./auth-words.en'),
  zh: () => import('./auth-words.zh'),
});

/** Reactive text for an AuthKey in the current locale. */
export function authText(key: AuthKey): string {
  return key === 'error_network' || key === 'error_generic' ? t(key) : aw(key);
}

/** A reset or confirm-email request's failure: the API's sentence (already in the page's language:
 * rate_limited, invalid_reset_token, network_error…), or the generic one for anything else. */
export function requestFailureText(error: unknown): string {
  return error instanceof ApiError ? error.message : authText('error_generic');
}
