// Sign-up's per-field checks: what the browser can tell before sending (email shape, password length),
// and the API's 400/409 answers mapped back onto the field they are about.
import { ApiError } from '../../lib/api';
import type { AuthWord } from './auth-words';

export type AuthField = 'email' | 'password';
export type FieldErrors = Partial<Record<AuthField, AuthWord>>;

/** The server's rules (worker/routes/auth.ts): at least 8 characters, at most 1024. */
export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 1024;
// Deliberately loose (something@something.something): the server's zod check is the judge; this only
// spares a round trip for the obvious mistakes.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with each field before anything is sent; empty when the form may be submitted. */
export function checkSignupFields(email: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  const trimmed = email.trim();
  if (!trimmed) errors.email = 'err_email_required';
  else if (!EMAIL_SHAPE.test(trimmed) || trimmed.length > 254) errors.email = 'err_email_invalid';
  if (!password) errors.password = 'err_password_required';
  else if (password.length < MIN_PASSWORD) errors.password = 'err_password_short';
  else if (password.length > MAX_PASSWORD) errors.password = 'err_password_long';
  return errors;
}

/**
 * The API's answer to a sign-up as field errors, or null when it is not about one field. A 400
 * names its field first (`email: must be…`, worker/validation.ts); 409 is the email already taken.
 */
export function signupFieldErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 409 && error.code === 'email_taken') return { email: 'err_email_taken' };
  if (error.status !== 400) return null;
  if (error.serverMessage.startsWith('email:')) return { email: 'err_email_invalid' };
  if (error.serverMessage.startsWith('password:')) {
    return { password: /at least/.test(error.serverMessage) ? 'err_password_short' : 'err_password_invalid' };
  }
  return null;
}

/** The first field with an error, in the order the form shows them (where focus goes). */
export function firstInvalidField(errors: FieldErrors): AuthField | undefined {
  return (['email', 'password'] as const).find((field) => errors[field] !== undefined);
}
