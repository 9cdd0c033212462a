// The emailed links' calls, password reset and email change (docs/api.md "Accounts by email"), typed from the Worker's routes like lib/api.ts.
import { type JsonBody, type Routes, request } from '../../lib/api';
import { areaErrorMessages } from '../../lib/error-messages';
import { locale } from '../../lib/i18n';

// The links' own codes (invalid_reset_token, invalid_email_token) are in the sign-in pages' set, loaded with these pages.
areaErrorMessages({
  en: () => import('../../lib/auth-error-messages.en'),
  zh: () => import('../../lib/auth-error-messages.zh'),
});

type Reset = Routes['auth']['password-reset'];

export const resetApi = {
  /** Always 202 (the server never says whether the address has an account); the email is in the page's language. */
  request: (email: string) =>
    request<void>('POST', '/api/auth/password-reset', { email, locale: locale() } satisfies JsonBody<Reset['$post']>),
  /** 204, or 400 invalid_reset_token (unknown, used or expired) / invalid_request (a weak password). */
  confirm: (token: string, password: string) =>
    request<void>('POST', '/api/auth/password-reset/confirm', { token, password } satisfies JsonBody<
      Reset['confirm']['$post']
    >),
  /** A new email's link (sent from the account page): 204, or 400 invalid_email_token / 409 email_taken. */
  confirmEmail: (token: string) =>
    request<void>('POST', '/api/auth/email-change/confirm', { token } satisfies JsonBody<
      Routes['auth']['email-change']['confirm']['$post']
    >),
};
