// What a signed-in user's checkout (a pack, or a plan) passes on besides what it buys: the user,
// after the per-user checkout rate limit, the locale and key from the body, and where to return.
import type { Context } from 'hono';
import { consume, rateLimitKeys } from '../abuse/rate-limits';
import { appOrigin } from '../app-origin';
import type { AppEnv } from '../env';
import type { Locale } from '../vocabulary/locales';

/** Counts the checkout against the user's limit (429 `rate_limited` past it), then shapes the common input. */
export async function checkoutInput(c: Context<AppEnv>, body: { locale?: Locale; idempotencyKey?: string }) {
  await consume(c.env, 'CHECKOUT_USER_LIMITER', rateLimitKeys.checkoutUser(c.var.user.id));
  return {
    user: c.var.user,
    locale: body.locale ?? 'en',
    origin: appOrigin(c.env).origin,
    idempotencyKey: body.idempotencyKey,
  };
}
