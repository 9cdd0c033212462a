// The account page's logic without the DOM: checking the change-password form per field, the API's
// errors as translated keys (on the field they are about when there is one), and a short device
// name from a User-Agent header.
import { ApiError } from '../../lib/api';
import type { AccountKey } from './account-i18n';

export type PasswordField = 'currentPassword' | 'newPassword';
export type FieldErrors<F extends string> = Partial<Record<F, AccountKey>>;

/** Per-field errors before sending; empty when the change may be submitted. */
export function checkPasswordChange(currentPassword: string, newPassword: string): FieldErrors<PasswordField> {
  const errors: FieldErrors<PasswordField> = {};
  if (!currentPassword) errors.currentPassword = 'err_required';
  if (!newPassword) errors.newPassword = 'err_required';
  else if (newPassword.length < 8) errors.newPassword = 'err_password_short';
  else if (newPassword.length > 1024) errors.newPassword = 'err_password_long';
  return errors;
}

/**
 * What to say for an API failure: `field` when it belongs under one input (a wrong password under
 * the password it checked, a 400 under the field it names), else a page-level message.
 */
export function accountError<F extends string>(
  error: unknown,
  passwordField: F,
): { field: F; key: AccountKey } | { key: AccountKey } {
  if (!(error instanceof ApiError)) return { key: 'err_generic' };
  if (error.status === 0) return { key: 'err_network' };
  if (error.code === 'wrong_password') return { field: passwordField, key: 'err_wrong_password' };
  if (error.code === 'negative_balance') return { key: 'err_negative_balance' };
  if (error.code === 'subscription_active') return { key: 'err_subscription_active' };
  if (error.code === 'session_not_found') return { key: 'err_session_gone' };
  if (error.code === 'rate_limited') return { key: 'err_rate_limited' };
  if (error.status === 400 && error.serverMessage.startsWith('newPassword:')) {
    return {
      field: 'newPassword' as F,
      key: /at least/.test(error.serverMessage) ? 'err_password_short' : 'err_generic',
    };
  }
  return { key: 'err_generic' };
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome on macOS", "Safari on iPhone"; null when the header says nothing we recognise. */
export function deviceSummary(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} · ${system}`;
  return browser ?? system ?? null;
}
