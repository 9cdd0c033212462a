// /api/credits: spend (idempotent), the ledger and the lots. Parses, calls worker/ledger, shapes the answer.

import type { SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { conflict, invalidRequest, paymentRequired } from '../errors';
import { credits, idempotencyKey, reason } from '../fields';
import { listEntries, listLots } from '../ledger/reading';
import { spend } from '../ledger/spending';
import { onCommitFor } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { validate } from '../validation';

export const spendBody = z.object({
  amount: credits(),
  reason,
  idempotencyKey,
});

export const ledgerQuery = z.object({
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/, 'must be an integer from 1 to 100'))),
  cursor: z.optional(z.string().check(z.regex(/^[1-9]\d{0,15}$/, 'is not a valid cursor'))),
});

/** Spending and the ledger, answered the same way by the cookie routes and the service API. */
export const creditActions = {
  /** `alongside` commits right after the spend's entry (the service API's audit row). */
  async spend(c: Context<AppEnv>, userId: string, body: z.infer<typeof spendBody>, alongside: SQL[] = []) {
    const result = await spend(c.var.db, onCommitFor(c), { userId, ...body, alongside });
    switch (result.outcome) {
      case 'spent':
      case 'replayed':
        return c.json({ credits: result.credits, entryId: result.entryId });
      case 'insufficient':
        throw paymentRequired('insufficient_credits', 'Not enough credits for this spend.');
      case 'key_conflict':
        // One code for a reused key on every route (API.md names idempotency_conflict for holds).
        throw conflict(
          'idempotency_conflict',
          'This idempotency key was already used with a different amount or reason.',
        );
    }
  },
  async ledger(c: Context<AppEnv>, userId: string, query: z.infer<typeof ledgerQuery>) {
    const limit = query.limit === undefined ? 20 : Number(query.limit);
    if (limit < 1 || limit > 100) {
      throw invalidRequest('limit: must be an integer from 1 to 100');
    }
    const cursor = query.cursor === undefined ? undefined : Number(query.cursor);
    return c.json(await listEntries(c.var.db, userId, limit, cursor));
  },
};

export const creditRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/spend', validate('json', spendBody), (c) => creditActions.spend(c, c.var.user.id, c.req.valid('json')))
  .get('/ledger', validate('query', ledgerQuery), (c) => creditActions.ledger(c, c.var.user.id, c.req.valid('query')))
  .get('/lots', async (c) => c.json({ lots: await listLots(c.var.db, c.var.user.id) }));
