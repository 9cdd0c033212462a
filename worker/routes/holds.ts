// /api/credits/holds: reserve credits for a job, then capture, release or extend. Parses, calls
// worker/ledger/holds.ts, shapes the answer. The schemas and outcome mapping are exported for the
// service API's door onto the same holds. A hold placed through /api/v1 is the app's: the cookie
// routes answer 403 hold_owned_by_app to the user's capture, release or extend of it.
import type { SQL } from 'drizzle-orm';
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { type AppError, badRequest, conflict, forbidden, notFound, paymentRequired } from '../errors';
import { credits, idempotencyKey, reason } from '../fields';
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
import { onCommitFor, publishUpdate } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { validate } from '../validation';
import { HOLD_STATUSES } from '../vocabulary/ledger';

const ttlSeconds = z
  .number('must be a number')
  .check(
    z.int('must be a whole number'),
    z.gte(HOLD_TTL.minSeconds, `must be ${HOLD_TTL.minSeconds}-${HOLD_TTL.maxSeconds} seconds`),
    z.lte(HOLD_TTL.maxSeconds, `must be ${HOLD_TTL.minSeconds}-${HOLD_TTL.maxSeconds} seconds`),
  );

export const reserveBody = z.object({
  amount: credits(),
  reason,
  idempotencyKey,
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

const holdNotFound = () => notFound('hold_not_found', 'No such hold.');

/** Maps a settle/extend outcome that is not a success to the API's error. */
export function holdError(outcome: Exclude<SettleResult['outcome'], 'settled' | 'replayed'>): AppError {
  switch (outcome) {
    case 'not_found':
      return holdNotFound();
    case 'hold_owned_by_app':
      return forbidden('hold_owned_by_app', 'This hold belongs to the app that placed it; only the app can settle it.');
    case 'hold_expired':
      return conflict('hold_expired', 'This hold has expired; its credits were returned.');
    case 'hold_not_active':
      return conflict('hold_not_active', 'This hold is no longer active (captured, released or expired).');
    case 'amount_out_of_range':
      return badRequest('invalid_request', 'amount: must not exceed the amount held');
  }
}

export const insufficientCredits = () => paymentRequired('insufficient_credits', 'Not enough credits for this hold.');
export const idempotencyConflict = () =>
  conflict('idempotency_conflict', 'This idempotency key was already used with other parameters.');

/**
 * Who acts: the signed-in user (the cookie routes), or the app through an API key, whose every
 * money move writes an audit row (`audit` builds it) in the same batch as the move.
 */
export type HoldActor = { as: 'user' } | { as: 'app'; audit: (action: string, detail: Record<string, unknown>) => SQL };

const AS_USER: HoldActor = { as: 'user' };
const audited = (actor: HoldActor, action: string, detail: Record<string, unknown>): SQL[] =>
  actor.as === 'app' ? [actor.audit(action, detail)] : [];

/**
 * The holds, answered the same way through either door: the cookie routes below act for the
 * signed-in user, the service API (worker/service/routes.ts) for the user in its path, as the app.
 */
export const holdActions = {
  async reserve(c: Context<AppEnv>, userId: string, body: z.infer<typeof reserveBody>, actor: HoldActor) {
    const { amount, reason, idempotencyKey } = body;
    const result = await reserveHold(c.var.db, onCommitFor(c), {
      userId,
      ...body,
      owner: actor.as,
      alongside: (holdId) => audited(actor, 'holds.reserve', { amount, reason, idempotencyKey, holdId }),
    });
    if (result.outcome === 'insufficient') throw insufficientCredits();
    if (result.outcome === 'key_conflict') throw idempotencyConflict();
    return c.json({ hold: result.hold, credits: result.credits }, 201);
  },
  async list(c: Context<AppEnv>, userId: string, status: z.infer<typeof holdsQuery>['status']) {
    return c.json({ holds: await listHolds(c.var.db, userId, status) });
  },
  async get(c: Context<AppEnv>, userId: string, holdId: string) {
    const hold = holdParam.safeParse({ id: holdId }).success ? await getHold(c.var.db, userId, holdId) : null;
    if (!hold) throw holdNotFound();
    return c.json({ hold });
  },
  async capture(c: Context<AppEnv>, userId: string, holdId: string, amount: number, actor: HoldActor) {
    if (!holdParam.safeParse({ id: holdId }).success) throw holdNotFound();
    const alongside = audited(actor, 'holds.capture', { holdId, amount });
    const result = await captureHold(c.var.db, onCommitFor(c), { userId, holdId, amount, by: actor.as, alongside });
    if (result.outcome !== 'settled' && result.outcome !== 'replayed') throw holdError(result.outcome);
    return c.json({ hold: result.hold, credits: result.credits });
  },
  async release(c: Context<AppEnv>, userId: string, holdId: string, actor: HoldActor) {
    if (!holdParam.safeParse({ id: holdId }).success) throw holdNotFound();
    const alongside = audited(actor, 'holds.release', { holdId });
    const result = await releaseHold(c.var.db, onCommitFor(c), { userId, holdId, by: actor.as, alongside });
    if (result.outcome !== 'settled' && result.outcome !== 'replayed') throw holdError(result.outcome);
    return c.json({ hold: result.hold, credits: result.credits });
  },
  async extend(c: Context<AppEnv>, userId: string, holdId: string, ttlSeconds: number, actor: HoldActor) {
    if (!holdParam.safeParse({ id: holdId }).success) throw holdNotFound();
    // Moves no credits, so nothing to audit; but only the hold's owner may keep it alive.
    const result = await extendHold(c.var.db, { userId, holdId, ttlSeconds, by: actor.as });
    if (result.outcome !== 'extended') throw holdError(result.outcome);
    // An extend moves no credits, so no commit publishes it; but it may bring the expiry forward,
    // and the user's room must wake by then to expire the hold on time.
    const nextDeadline = Date.parse(result.hold.expiresAt);
    c.executionCtx.waitUntil(publishUpdate(c.env, { userId, messages: [], nextDeadline }));
    return c.json({ hold: result.hold });
  },
};

export const holdRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .post('/', validate('json', reserveBody), (c) => holdActions.reserve(c, c.var.user.id, c.req.valid('json'), AS_USER))
  .get('/', validate('query', holdsQuery), (c) => holdActions.list(c, c.var.user.id, c.req.valid('query').status))
  .get('/:id', (c) => holdActions.get(c, c.var.user.id, c.req.param('id')))
  .post('/:id/capture', validate('json', captureBody), (c) =>
    holdActions.capture(c, c.var.user.id, c.req.param('id'), c.req.valid('json').amount, AS_USER),
  )
  .post('/:id/release', (c) => holdActions.release(c, c.var.user.id, c.req.param('id'), AS_USER))
  .post('/:id/extend', validate('json', extendBody), (c) =>
    holdActions.extend(c, c.var.user.id, c.req.param('id'), c.req.valid('json').ttlSeconds, AS_USER),
  );
