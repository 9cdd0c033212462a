// Abuse limits on Cloudflare's Rate Limiting binding ([[ratelimits]] in wrangler.toml): login
// attempts per account and per IP, sign-ups per IP, checkout creations per user. Over a limit the
// request is refused with 429 `rate_limited` and Retry-After, before any password hashing, Stripe
// call or row is written. The thresholds live in wrangler.toml and the README.
import { RateLimitedError } from '../errors';

/** Every limiter here counts in fixed windows of this many seconds (wrangler.toml's `period`). */
export const RATE_LIMIT_PERIOD_SECONDS = 60;

type LimiterName = 'LOGIN_ACCOUNT_LIMITER' | 'LOGIN_IP_LIMITER' | 'SIGNUP_IP_LIMITER' | 'CHECKOUT_USER_LIMITER';

/**
 * The client's address: `CF-Connecting-IP`, which Cloudflare's edge sets (overwriting whatever
 * the client sent) and `wrangler dev` sets locally. Only requests made in-process (the workerd
 * tests' SELF.fetch) lack it; they get no per-IP limit.
 */
export function clientIp(request: Request): string | null {
  return request.headers.get('cf-connecting-ip');
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The limiter keys, exported so tests can reach the same buckets. Emails are hashed (no PII in keys). */
export const rateLimitKeys = {
  loginAccount: async (normalizedEmail: string) => `login-account:${await sha256Hex(normalizedEmail)}`,
  loginIp: (ip: string) => `login-ip:${ip}`,
  signupIp: (ip: string) => `signup-ip:${ip}`,
  // Password reset requests and confirms count in the login limiters under keys of their own: as
  // many a minute as logins, without a reset flood locking the owner out of signing in.
  resetAccount: async (normalizedEmail: string) => `reset-account:${await sha256Hex(normalizedEmail)}`,
  resetIp: (ip: string) => `reset-ip:${ip}`,
  checkoutUser: (userId: string) => `checkout-user:${userId}`,
};

/**
 * Counts one request against `limiter` under `key`; throws 429 when the window is used up.
 * The binding has no "peek": every call counts, so a login limit counts attempts, not only
 * failures (a success does not reset it either). Retry-After is the whole period: the binding does
 * not say when its window ends.
 */
export async function consume(env: Pick<Env, LimiterName>, limiter: LimiterName, key: string): Promise<void> {
  const { success } = await env[limiter].limit({ key });
  if (!success) {
    throw new RateLimitedError(RATE_LIMIT_PERIOD_SECONDS, 'Too many requests. Please wait a minute and try again.');
  }
}

/** Per-IP limits apply only when the request carries a client address (see clientIp). */
export async function consumeForIp(
  env: Pick<Env, LimiterName>,
  limiter: LimiterName,
  request: Request,
  keyOf: (ip: string) => string,
): Promise<void> {
  const ip = clientIp(request);
  if (ip) await consume(env, limiter, keyOf(ip));
}
