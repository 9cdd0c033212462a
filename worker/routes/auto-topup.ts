// /api/auto-topup (the signed-in user): read and change auto top-up, and open the setup Checkout that
// saves its card. Parses, calls worker/autotopup, tells the user's BalanceRoom the threshold it
// watches. The service API's /api/v1/users/{userId}/auto-topup (worker/service/auto-topup.ts)
// saves through the same saveAutoTopup.
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { appOrigin } from '../app-origin';
import { createCardSetup } from '../autotopup/card';
import { readAutoTopup, updateAutoTopup } from '../autotopup/settings';
import { findPack } from '../billing/packs';
import type { AppEnv } from '../env';
import { badRequest, conflict } from '../errors';
import { roomFor } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { stripeClient } from '../stripe/client';
import { validate } from '../validation';
import { MONTHLY_LIMIT_MAX_CENTS, THRESHOLD_MAX } from '../vocabulary/auto-topup';
import { LOCALES } from '../vocabulary/locales';

const whole = (min: number, max: number) =>
  z
    .number('must be a number')
    .check(
      z.int('must be a whole number'),
      z.gte(min, `must be at least ${min}`),
      z.lte(max, `must be at most ${max}`),
    );

export const autoTopupBody = z.object({
  enabled: z.boolean('must be true or false'),
  thresholdCredits: whole(1, THRESHOLD_MAX),
  packId: z.string('must be a string').check(z.minLength(1, 'must not be empty'), z.maxLength(64, 'is too long')),
  monthlyLimitCents: whole(1, MONTHLY_LIMIT_MAX_CENTS),
});

const cardBody = z.object({ locale: z.optional(z.enum(LOCALES, 'must be "en" or "zh"')) });

type Body = z.infer<typeof autoTopupBody>;

/** Checks what the schema cannot (the pack, the limit against its price), saves, tells the room. */
export async function saveAutoTopup(c: Context<AppEnv>, userId: string, body: Body) {
  const pack = findPack(body.packId);
  if (!pack) throw badRequest('unknown_pack', `There is no pack "${body.packId}".`);
  if (body.monthlyLimitCents < pack.amount)
    throw badRequest('invalid_request', `monthlyLimitCents: must be at least the pack's price (${pack.amount})`);
  const now = Date.now();
  const result = await updateAutoTopup(c.var.db, userId, body, now);
  if (result.outcome === 'needs_card') throw conflict('needs_card', 'Save a card before turning auto top-up on.');
  // Awaited: when PUT answers, the room watches the new threshold (and checks the balance at once).
  await roomFor(c.env, userId).configureAutoTopup(userId, body.enabled ? body.thresholdCredits : null);
  return result.view;
}

export const autoTopupRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', async (c) => c.json(await readAutoTopup(c.var.db, c.var.user.id, Date.now())))
  .put('/', validate('json', autoTopupBody), async (c) =>
    c.json(await saveAutoTopup(c, c.var.user.id, c.req.valid('json'))),
  )
  .post('/card', validate('json', cardBody), async (c) => {
    const setup = await createCardSetup(c.var.db, stripeClient(c.env), {
      user: c.var.user,
      origin: appOrigin(c.env).origin,
      locale: c.req.valid('json').locale ?? 'en',
    });
    return c.json(setup, 201);
  });
