// Signing in and up (/api/auth/login, /api/auth/signup), beside the one client (api.ts) but in their own module:
// only the sign-in and sign-up pages' chunks carry them. Sign-out and "who am I" stay in api.ts (every page).
import { type Credentials, type Ok, type Routes, request } from './api';
import { locale } from './i18n';
import { loadSession } from './session';

// The page's language goes along: the user's emails (receipts, resets) are written in it.
const credentials = (email: string, password: string) => ({ email, password, locale: locale() }) satisfies Credentials;

const authCalls = {
  signup: (email: string, password: string) =>
    request<Ok<Routes['auth']['signup']['$post']>>('POST', '/api/auth/signup', credentials(email, password)),
  login: (email: string, password: string) =>
    request<Ok<Routes['auth']['login']['$post']>>('POST', '/api/auth/login', credentials(email, password)),
};

export async function signIn(email: string, password: string): Promise<void> {
  await authCalls.login(email, password);
  await loadSession();
}

export async function signUp(email: string, password: string): Promise<void> {
  await authCalls.signup(email, password);
  await loadSession();
}
