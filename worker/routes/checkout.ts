// /api/checkout: start a purchase, and ask how it is going. Parses, calls worker/billing, shapes.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { checkoutNotFound, createCheckout } from '../billing/checkout';
import type { AppEnv } from '../env';
import { checkoutFields } from '../fields';
import { purchaseCreditedAt } from '../history/reading';
import { onCommitFor } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { checkoutStatus } from '../settlement/checkout-status';
import { stripeClient } from '../stripe/client';
import { validate } from '../validation';
import { checkoutInput } from './checkout-input';

const createBody = z.object({
  packId: z.string('must be a string').check(z.minLength(1, 'must not be empty'), z.maxLength(64, 'is too long')),
  ...checkoutFields,
  saveCard: z.optional(z.boolean('must be true or false')),
});

const sessionParam = z.object({
  sessionId: z.string().check(z.regex(/^cs_[A-Za-z0-9_]{1,250}$/, 'is not a Checkout Session id')),
});

export const checkoutRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/', validate('json', createBody), async (c) => {
    const body = c.req.valid('json');
    const input = await checkoutInput(c, body);
    const result = await createCheckout(c.var.db, stripeClient(c.env), {
      ...input,
      packId: body.packId,
      saveCard: body.saveCard,
    });
    return c.json(result, 201);
  })
  .get(
    '/:sessionId',
    async (c, next) => {
      // An id that cannot exist is answered like an unknown one: 404, not 400.
      const ok = sessionParam.safeParse({ sessionId: c.req.param('sessionId') }).success;
      if (!ok) throw checkoutNotFound();
      await next();
    },
    async (c) => {
      const view = await checkoutStatus(
        c.var.db,
        onCommitFor(c),
        stripeClient(c.env),
        c.var.user.id,
        c.req.param('sessionId'),
      );
      // When the credit landed, so a reloaded success page can say "already added, on …" (null until credited).
      const settled = view.status === 'credited' || view.status === 'refunded';
      const creditedAt = settled ? await purchaseCreditedAt(c.var.db, c.var.user.id, view.sessionId) : null;
      return c.json({ ...view, creditedAt });
    },
  );
