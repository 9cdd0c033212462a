// Plans and subscriptions: GET /api/plans, POST /api/subscriptions/checkout, GET /api/subscription,
// POST /api/billing/portal. Parses, calls worker/subscriptions, shapes.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { appOrigin } from '../app-origin';
import type { AppEnv } from '../env';
import { checkoutFields } from '../fields';
import { onCommitFor } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { stripeClient } from '../stripe/client';
import { createPortalSession, createSubscriptionCheckout } from '../subscriptions/checkout';
import { PLANS, publicPlan } from '../subscriptions/plans';
import { currentSubscription, subscriptionNotice } from '../subscriptions/store';
import { validate } from '../validation';
import { checkoutInput } from './checkout-input';

const checkoutBody = z.object({
  planId: z.string('must be a string').check(z.minLength(1, 'must not be empty'), z.maxLength(64, 'is too long')),
  ...checkoutFields,
});

export const subscriptionRoutes = new Hono<AppEnv>()
  .get('/plans', (c) => c.json({ plans: PLANS.map(publicPlan) }))
  .post('/subscriptions/checkout', requireUser, validate('json', checkoutBody), async (c) => {
    const body = c.req.valid('json');
    const input = { ...(await checkoutInput(c, body)), planId: body.planId };
    const result = await createSubscriptionCheckout(c.var.db, onCommitFor(c), stripeClient(c.env), input);
    return c.json(result, 201);
  })
  .get('/subscription', requireUser, async (c) => {
    const [subscription, notice] = await Promise.all([
      currentSubscription(c.var.db, c.var.user.id),
      subscriptionNotice(c.var.db, c.var.user.id),
    ]);
    return c.json({ subscription, notice });
  })
  .post('/billing/portal', requireUser, async (c) => {
    const result = await createPortalSession(
      c.var.db,
      stripeClient(c.env),
      c.var.user.id,
      `${appOrigin(c.env).origin}/`,
    );
    return c.json(result, 201);
  });
