// The account page's calls (/api/account), beside the one client (api.ts) but in their own module: only the
// account page's chunk carries them, not every page.
import {
  type Account,
  type AutoTopup,
  type AutoTopupBody,
  type CreatedCheckout,
  type JsonBody,
  type Ok,
  type PasswordChange,
  request,
} from './api';
import { areaErrorMessages } from './error-messages';

const id = encodeURIComponent;

// The error codes only these calls can meet, in this area's chunk rather than every page's.
areaErrorMessages({
  en: () => import('./account-error-messages.en'),
  zh: () => import('./account-error-messages.zh'),
});

export const accountApi = {
  sessions: () => request<Ok<Account['sessions']['$get']>>('GET', '/api/account/sessions').then((r) => r.sessions),
  /** 204; 404 session_not_found when it had already ended. Ending the current one signs this browser out. */
  endSession: (sessionId: string) => request<void>('DELETE', `/api/account/sessions/${id(sessionId)}`),
  signOutOthers: () =>
    request<Ok<Account['sessions']['sign-out-others']['$post']>>('POST', '/api/account/sessions/sign-out-others'),
  /** 403 wrong_password, 400 on newPassword; every other session ends. */
  changePassword: (body: PasswordChange) =>
    request<Ok<Account['password']['$post']>>('POST', '/api/account/password', body),
  /** 202 `{pendingEmail}`: a link goes to the new address, which replaces the old once opened; 403 wrong_password, 409 email_taken. */
  changeEmail: (email: string, password: string) =>
    request<Ok<Account['email']['$post']>>('POST', '/api/account/email', { email, password } satisfies JsonBody<
      Account['email']['$post']
    >),
  /**
   * 204 and signed out; 403 wrong_password, 409 negative_balance / subscription_active (unless
   * `cancelPlan`: the plan is cancelled at once first).
   */
  deleteAccount: (password: string, cancelPlan = false) =>
    request<void>('POST', '/api/account/delete', {
      password,
      ...(cancelPlan ? { cancelPlan } : {}),
    } satisfies JsonBody<Account['delete']['$post']>),
  /** Auto top-up (/api/auto-topup): the settings, saving them (409 needs_card), and the setup Checkout for a card. */
  autoTopup: () => request<AutoTopup>('GET', '/api/auto-topup'),
  saveAutoTopup: (body: AutoTopupBody) => request<AutoTopup>('PUT', '/api/auto-topup', body),
  saveCard: (locale: string) => request<CreatedCheckout>('POST', '/api/auto-topup/card', { locale }),
};
