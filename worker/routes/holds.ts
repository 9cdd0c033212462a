// /api/credits/holds: reserve credits for a job, then capture, release or extend. Parses, calls
// worker/ledger/holds.ts, shapes the answer. The schemas and outcome mapping are exported for the
// service API's door onto the same holds.
import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { AppError } from '../errors';
import {
  captureHold,
  extendHold,
  getHold,
  HOLD_TTL,
  listHolds,
  releaseHold,
  reserveHold,
  type SettleResult,
} from '../ledger/holds';
import { HOLD_STATUSES } from '../ledger/kinds';
import { onCommitFor, publishUpdate } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { validate } from '../validation';

const ttlSeconds = z
  .number('must be a number')
  .check(
    z.int('must be a whole number'),
    z.gte(HOLD_TTL.minSeconds, `must be ${HOLD_TTL.minSeconds}-${HOLD_TTL.maxSeconds} seconds`),
    z.lte(HOLD_TTL.maxSeconds, `must be ${HOLD_TTL.minSeconds}-${HOLD_TTL.maxSeconds} seconds`),
  );

export const reserveBody = z.object({
  amount: z
    .number('must be a number')
    .check(z.int('must be a whole number'), z.positive('must be positive'), z.lte(1_000_000_000, 'is too large')),
  reason: z
    .string('must be a string')
    .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters')),
  idempotencyKey: z
    .string('must be a string')
    .check(z.minLength(1, 'must be 1-255 characters'), z.maxLength(255, 'must be 1-255 characters')),
  ttlSeconds: z.optional(ttlSeconds),
});

export const captureBody = z.object({
  amount: z
    .number('must be a number')
    .check(z.int('must be a whole number'), z.nonnegative('must be 0 or more'), z.lte(1_000_000_000, 'is too large')),
});

export const extendBody = z.object({ ttlSeconds });

export const holdsQuery = z.object({
  status: z.optional(z.enum(HOLD_STATUSES, `must be one of ${HOLD_STATUSES.join(', ')}`)),
});

const holdParam = z.object({ id: z.string().check(z.regex(/^hold_[0-9a-f]{32}$/, 'is not a hold id')) });

const holdNotFound = () => new AppError(404, 'hold_not_found', 'No such hold.');

/** Maps a settle/extend outcome that is not a success to the API's error. */
export function holdError(outcome: Exclude<SettleResult['outcome'], 'settled' | 'replayed'>): AppError {
  switch (outcome) {
    case 'not_found':
      return holdNotFound();
    case 'hold_expired':
      return new AppError(409, 'hold_expired', 'This hold has expired; its credits were returned.');
    case 'hold_not_active':
      return new AppError(409, 'hold_not_active', 'This hold is no longer active (captured, released or expired).');
    case 'amount_out_of_range':
      return new AppError(400, 'invalid_request', 'amount: must not exceed the amount held');
  }
}

export const insufficientCredits = () => new AppError(402, 'insufficient_credits', 'Not enough credits for this hold.');
export const idempotencyConflict = () =>
  new AppError(409, 'idempotency_conflict', 'This idempotency key was already used with other parameters.');

export const holdRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/', validate('json', reserveBody), async (c) => {
    const result = await reserveHold(c.var.db, onCommitFor(c), { userId: c.var.user.id, ...c.req.valid('json') });
    if (result.outcome === 'insufficient') throw insufficientCredits();
    if (result.outcome === 'key_conflict') throw idempotencyConflict();
    return c.json({ hold: result.hold, credits: result.credits }, 201);
  })
  .get('/', validate('query', holdsQuery), async (c) =>
    c.json({ holds: await listHolds(c.var.db, c.var.user.id, c.req.valid('query').status) }),
  )
  .use('/:id/*', async (c, next) => {
    // An id that cannot exist is answered like an unknown one.
    if (!holdParam.safeParse({ id: c.req.param('id') }).success) throw holdNotFound();
    await next();
  })
  .get('/:id', async (c) => {
    if (!holdParam.safeParse({ id: c.req.param('id') }).success) throw holdNotFound();
    const hold = await getHold(c.var.db, c.var.user.id, c.req.param('id'));
    if (!hold) throw holdNotFound();
    return c.json({ hold });
  })
  .post('/:id/capture', validate('json', captureBody), async (c) => {
    const input = { userId: c.var.user.id, holdId: c.req.param('id'), amount: c.req.valid('json').amount };
    const result = await captureHold(c.var.db, onCommitFor(c), input);
    if (result.outcome !== 'settled' && result.outcome !== 'replayed') throw holdError(result.outcome);
    return c.json({ hold: result.hold, credits: result.credits });
  })
  .post('/:id/release', async (c) => {
    const result = await releaseHold(c.var.db, onCommitFor(c), { userId: c.var.user.id, holdId: c.req.param('id') });
    if (result.outcome !== 'settled' && result.outcome !== 'replayed') throw holdError(result.outcome);
    return c.json({ hold: result.hold, credits: result.credits });
  })
  .post('/:id/extend', validate('json', extendBody), async (c) => {
    const input = { userId: c.var.user.id, holdId: c.req.param('id'), ttlSeconds: c.req.valid('json').ttlSeconds };
    const result = await extendHold(c.var.db, input);
    if (result.outcome !== 'extended') throw holdError(result.outcome);
    // An extend moves no credits, so no commit publishes it; but it may bring the expiry forward,
    // and the user's room must wake by then to expire the hold on time.
    const nextDeadline = Date.parse(result.hold.expiresAt);
    c.executionCtx.waitUntil(publishUpdate(c.env, { userId: input.userId, messages: [], nextDeadline }));
    return c.json({ hold: result.hold });
  });
