// What to tell the user when sign-in or sign-up fails: a translated sentence for the known API answers, else the API's own message.
import { ApiError } from '../../lib/api';
import { areaErrorMessages } from '../../lib/error-messages';
import type { AuthKey } from './auth-words';

// The codes only these forms' calls meet, loaded with the auth pages rather than every page.
areaErrorMessages({
  en: () => import('../../lib/auth-error-messages.en'),
  zh: () => import('../../lib/auth-error-messages.zh'),
});

export type AuthMode = 'signin' | 'signup';

/** A dictionary key for answers we know, or the server's message (already a human sentence) for the rest. */
export function authErrorMessage(mode: AuthMode, error: unknown): { key: AuthKey } | { text: string } {
  if (!(error instanceof ApiError)) return { key: 'error_generic' };
  if (error.status === 0) return { key: 'error_network' };
  if (mode === 'signin' && error.status === 401) return { key: 'err_bad_credentials' };
  if (mode === 'signup' && error.status === 409) return { key: 'err_email_taken' };
  if (mode === 'signup' && error.status === 400) return { key: 'err_invalid_signup' };
  return error.message ? { text: error.message } : { key: 'error_generic' };
}
