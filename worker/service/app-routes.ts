// The service API's app routes (/api/v1, an API key): the app's own users by external id, browser
// tokens for their pages, and Checkout started by the app with return URLs on the key's origins.
// Parses, calls, shapes; mounted by worker/service/routes.ts beside the other /users routes.
import type { MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';
import { consume, rateLimitKeys } from '../abuse/rate-limits';
import { appOrigin } from '../app-origin';
import { mintBrowserToken, TOKEN_TTL } from '../apps/browser-tokens';
import { checkoutOwner } from '../apps/checkout-owner';
import { EXTERNAL_ID, upsertExternalUser } from '../apps/external-users';
import { isUrlOnOrigins } from '../apps/origins';
import { checkoutNotFound, createCheckout } from '../billing/checkout';
import { badRequest, conflict, forbidden, invalidRequest } from '../errors';
import { idempotencyKey } from '../fields';
import { purchaseCreditedAt } from '../history/reading';
import { onCommitFor } from '../live/publisher';
import { keyedRoutes } from '../middleware/api-key';
import { checkoutStatus } from '../settlement/checkout-status';
import { stripeClient } from '../stripe/client';
import { createSubscriptionCheckout } from '../subscriptions/checkout';
import { documented } from '../validation';
import { LOCALES } from '../vocabulary/locales';
import { pathAccount as account, openAccount, userNotFound } from './acting';
import { doc } from './route-doc';

const upsertBody = z.object({
  email: z
    .string('must be a string')
    .check(z.trim(), z.maxLength(254, 'must be at most 254 characters'), z.email('must be a valid email address')),
  // Accepted for the app's convenience; the user's language is chosen per checkout and per page.
  locale: z.optional(z.enum(LOCALES, 'must be "en" or "zh"')),
});

const tokenBody = z.object({
  ttlSeconds: z.optional(
    z
      .number('must be a number')
      .check(
        z.int('must be a whole number'),
        z.gte(TOKEN_TTL.min, `must be ${TOKEN_TTL.min}-${TOKEN_TTL.max}`),
        z.lte(TOKEN_TTL.max, `must be ${TOKEN_TTL.min}-${TOKEN_TTL.max}`),
      ),
  ),
});

const productId = z
  .string('must be a string')
  .check(z.minLength(1, 'must not be empty'), z.maxLength(64, 'is too long'));
const returnUrl = z.string('must be a string').check(z.minLength(1, 'is required'), z.maxLength(2000, 'is too long'));
const checkoutBody = z.object({
  packId: z.optional(productId),
  planId: z.optional(productId),
  successUrl: returnUrl,
  cancelUrl: returnUrl,
  locale: z.optional(z.enum(LOCALES, 'must be "en" or "zh"')),
  idempotencyKey: z.optional(idempotencyKey),
});

const badExternalId = () => invalidRequest('externalId: must be 1-128 printable ASCII characters');
// An empty id never reaches the `:externalId` route (Hono matches no empty segment): middleware on the
// bare paths answers it as the bad id it is, instead of a 404, and adds no undocumented route.
const emptyExternalId: MiddlewareHandler = () => {
  throw badExternalId();
};

export const appUserRoutes = keyedRoutes()
  .use('/by-external-id', emptyExternalId)
  .use('/by-external-id/', emptyExternalId)
  .put(
    '/by-external-id/:externalId',
    doc("Make or find the user for the app's own user id", 'users', 200, 400, 409),
    documented('json', upsertBody),
    async (c) => {
      const externalId = c.req.param('externalId');
      if (!EXTERNAL_ID.test(externalId)) throw badExternalId();
      const result = await upsertExternalUser(c.var.db, { externalId, email: c.req.valid('json').email });
      if (result.outcome === 'email_conflict') {
        throw conflict('external_id_conflict', 'This email belongs to a user with another external id.');
      }
      const user = await openAccount(c, { id: result.userId });
      if (!user) throw userNotFound();
      return c.json(user, result.outcome === 'created' ? 201 : 200);
    },
  )
  .post(
    '/:userId/browser-tokens',
    doc(
      "Mint a short-lived token for the user's browser (live balance, embed balance, enter)",
      'browser',
      201,
      400,
      403,
    ),
    documented('json', tokenBody),
    async (c) => {
      if (c.var.apiKey.origins.length === 0) {
        throw forbidden('no_origins', 'This key names no origin: add the origins of your pages to it first.');
      }
      const { id } = await account(c);
      const ttlSeconds = c.req.valid('json').ttlSeconds ?? TOKEN_TTL.default;
      return c.json(await mintBrowserToken(c.var.db, { keyId: c.var.apiKey.id, userId: id, ttlSeconds }), 201);
    },
  )
  .post(
    '/:userId/checkout',
    doc('Start a Checkout for a pack or a plan, returning to your own pages', 'checkout', 201, 400, 409),
    documented('json', checkoutBody),
    async (c) => {
      const body = c.req.valid('json');
      if ((body.packId === undefined) === (body.planId === undefined))
        throw invalidRequest('give either packId or planId');
      for (const [field, url] of [
        ['successUrl', body.successUrl],
        ['cancelUrl', body.cancelUrl],
      ] as const) {
        if (!isUrlOnOrigins(url, c.var.apiKey.origins)) {
          throw badRequest('url_not_allowed', `${field}: must be an http(s) URL on one of this key's origins`);
        }
      }
      const { id, email } = await account(c);
      await consume(c.env, 'CHECKOUT_USER_LIMITER', rateLimitKeys.checkoutUser(id));
      const input = {
        user: { id, email },
        locale: body.locale ?? 'en',
        origin: appOrigin(c.env).origin,
        idempotencyKey: body.idempotencyKey,
        returnUrls: { success: body.successUrl, cancel: body.cancelUrl },
      };
      const stripe = stripeClient(c.env);
      const result =
        body.packId !== undefined
          ? await createCheckout(c.var.db, stripe, { ...input, packId: body.packId })
          : await createSubscriptionCheckout(c.var.db, onCommitFor(c), stripe, { ...input, planId: body.planId ?? '' });
      return c.json(result, 201);
    },
  );

const sessionId = /^cs_[A-Za-z0-9_]{1,250}$/;

/** GET /api/v1/checkout/{id}: the site's status call for the app's own success page (fulfils a paid session). */
export const appCheckoutRoutes = keyedRoutes().get(
  '/:sessionId',
  doc('A checkout: its status, and the credit if paid (fulfilled here if need be)', 'checkout', 200),
  async (c) => {
    const id = c.req.param('sessionId');
    const owner = sessionId.test(id) ? await checkoutOwner(c.var.db, id) : null;
    if (!owner) throw checkoutNotFound();
    const view = await checkoutStatus(c.var.db, onCommitFor(c), stripeClient(c.env), owner, id);
    const settled = view.status === 'credited' || view.status === 'refunded';
    const creditedAt = settled ? await purchaseCreditedAt(c.var.db, owner, view.sessionId) : null;
    return c.json({ ...view, creditedAt });
  },
);
