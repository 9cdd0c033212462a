// /api/auto-topup (the signed-in user) and /api/v1/users/{userId}/auto-topup (an API key): read and
// change auto top-up, and open the setup Checkout that saves its card. Parses, calls
// worker/autotopup, tells the user's BalanceRoom the threshold it watches.
import type { Context } from 'hono';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { appOrigin } from '../app-origin';
import { findPack } from '../billing/packs';
import type { AppEnv } from '../env';
import { badRequest, conflict } from '../errors';
import { roomFor } from '../live/publisher';
import { requireApiKey } from '../middleware/api-key';
import { requireUser } from '../middleware/auth';
import { pathAccount } from '../service/acting';
import { doc } from '../service/route-doc';
import { stripeClient } from '../stripe/client';
import { documented, validate } from '../validation';
import { MONTHLY_LIMIT_MAX_CENTS, THRESHOLD_MAX } from '../vocabulary/auto-topup';
import { LOCALES } from '../vocabulary/locales';
import { createCardSetup } from './card';
import { readAutoTopup, updateAutoTopup } from './settings';

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
async function save(c: Context<AppEnv>, userId: string, body: Body) {
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
  .put('/', validate('json', autoTopupBody), async (c) => c.json(await save(c, c.var.user.id, c.req.valid('json'))))
  .post('/card', validate('json', cardBody), async (c) => {
    const setup = await createCardSetup(c.var.db, stripeClient(c.env), {
      user: c.var.user,
      origin: appOrigin(c.env).origin,
      locale: c.req.valid('json').locale ?? 'en',
    });
    return c.json(setup, 201);
  });

export const serviceAutoTopupRoutes = new Hono<AppEnv>()
  .use(requireApiKey)
  .get('/:userId/auto-topup', doc("The user's auto top-up", 'auto-topup', 200), async (c) => {
    const user = await pathAccount(c);
    return c.json(await readAutoTopup(c.var.db, user.id, Date.now()));
  })
  .put(
    '/:userId/auto-topup',
    doc("Change the user's auto top-up (enabling again clears a pause)", 'auto-topup', 200, 400, 409),
    documented('json', autoTopupBody),
    async (c) => {
      const user = await pathAccount(c);
      return c.json(await save(c, user.id, c.req.valid('json')));
    },
  );
