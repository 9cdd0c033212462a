// /api/v1: the service API for the app's own backend (render servers, job queues), authenticated
// by API keys. Same holds, spend, grant and ledger code as the cookie routes — one implementation,
// two doors — with no cookie and no Origin rule. Every route's request schema is also its part of
// the OpenAPI 3.1 document at GET /api/v1/openapi.json (hono-openapi reads the validators). Holds
// placed here are the app's, every money move is audited under the key (acting.ts), and a closed
// user is 404 user_not_found.
import { Hono } from 'hono/tiny';
import { openAPIRouteHandler } from 'hono-openapi';
import * as z from 'zod/mini';
import { EXTERNAL_ID } from '../apps/external-users';
import type { AppEnv } from '../env';
import { badRequest, invalidRequest, notFound } from '../errors';
import { credits, expiryDateTime, idempotencyKey, reason } from '../fields';
import { getLot } from '../ledger/reading';
import { grant } from '../ledger/spending';
import { onCommitFor, publishJob } from '../live/publisher';
import { keyedRoutes } from '../middleware/api-key';
import { JSON_BODY_LIMIT, limitBody } from '../middleware/body-limit';
import { creditActions, ledgerQuery, spendBody } from '../routes/credits';
import { captureBody, extendBody, holdActions, idempotencyConflict, reserveBody } from '../routes/holds';
import { recordProgress } from '../studio/jobs';
import { documented } from '../validation';
import { pathAccount as account, asKey, forPathUser, openAccount, serviceKey, userNotFound } from './acting';
import { appCheckoutRoutes, appUserRoutes } from './app-routes';
import { serviceAutoTopupRoutes } from './auto-topup';
import { doc } from './route-doc';
import { alertRoutes, webhookEndpointRoutes } from './webhook-endpoints';

export const grantBody = z.object({
  amount: credits(1_000_000),
  reason,
  idempotencyKey,
  expiresAt: z.optional(expiryDateTime),
});

// By email or by the app's own id (worker/apps/external-users.ts): exactly one of them.
const lookupQuery = z.object({
  email: z.optional(z.string().check(z.minLength(3), z.maxLength(254))),
  externalId: z.optional(z.string().check(z.regex(EXTERNAL_ID, 'must be 1-128 printable ASCII characters'))),
});

const users = keyedRoutes()
  .get(
    '/',
    doc("Find a user by email or by the app's own id (0 or 1)", 'users', 200, 400),
    documented('query', lookupQuery),
    async (c) => {
      const { email, externalId } = c.req.valid('query');
      if ((email === undefined) === (externalId === undefined)) throw invalidRequest('give either email or externalId');
      const found = await openAccount(c, email !== undefined ? { email } : { externalId: externalId as string });
      return c.json({ users: found ? [found] : [] });
    },
  )
  .get('/:userId', doc('A user with their balance, held credits and soonest expiry', 'users', 200), async (c) =>
    c.json(await account(c)),
  )
  .post(
    '/:userId/holds',
    doc('Reserve credits for a job', 'holds', 201, 400, 402, 409),
    documented('json', reserveBody),
    (c) => forPathUser(c, (id, as) => holdActions.reserve(c, id, c.req.valid('json'), as)),
  )
  .get('/:userId/holds/:id', doc('A hold', 'holds', 200), async (c) =>
    holdActions.get(c, (await account(c)).id, c.req.param('id')),
  )
  .post(
    '/:userId/holds/:id/capture',
    doc('Capture what the job cost; the rest returns', 'holds', 200, 400, 409),
    documented('json', captureBody),
    (c) => forPathUser(c, (id, as) => holdActions.capture(c, id, c.req.param('id'), c.req.valid('json').amount, as)),
  )
  .post('/:userId/holds/:id/release', doc('Release a hold in full', 'holds', 200, 409), (c) =>
    forPathUser(c, (id, as) => holdActions.release(c, id, c.req.param('id'), as)),
  )
  .post(
    '/:userId/holds/:id/extend',
    doc('Extend a hold (at most 24 h after it was made)', 'holds', 200, 400, 409),
    documented('json', extendBody),
    (c) => forPathUser(c, (id, as) => holdActions.extend(c, id, c.req.param('id'), c.req.valid('json').ttlSeconds, as)),
  )
  .post(
    '/:userId/spend',
    doc('Spend credits at once', 'credits', 200, 400, 402, 409),
    documented('json', spendBody),
    async (c) => {
      const { id } = await account(c);
      const body = c.req.valid('json');
      const { amount, reason, idempotencyKey } = body;
      // Spends share one key space with the site's (API.md); only grants have a space of their own.
      return creditActions.spend(c, id, body, [
        asKey(c, id).audit('credits.spend', { amount, reason, idempotencyKey }),
      ]);
    },
  )
  .post(
    '/:userId/grants',
    doc('Grant credits (a grant lot, optionally expiring)', 'credits', 201, 400, 409),
    documented('json', grantBody),
    async (c) => {
      const userId = (await account(c)).id;
      const body = c.req.valid('json');
      const expiresAt = body.expiresAt === undefined ? null : Date.parse(body.expiresAt);
      if (expiresAt !== null && expiresAt <= Date.now()) {
        throw badRequest('invalid_request', 'expiresAt: must be in the future');
      }
      const detail = { amount: body.amount, reason: body.reason, expiresAt, idempotencyKey: body.idempotencyKey };
      const result = await grant(c.var.db, onCommitFor(c), {
        ...body,
        userId,
        expiresAt,
        idempotencyKey: serviceKey(body.idempotencyKey),
        alongside: [asKey(c, userId).audit('credits.grant', detail)],
      });
      if (result.outcome === 'unknown_user') throw userNotFound();
      if (result.outcome === 'key_conflict') throw idempotencyConflict();
      return c.json({ lot: await getLot(c.var.db, userId, result.lotId), credits: result.credits }, 201);
    },
  )
  .get(
    '/:userId/ledger',
    doc('The ledger, newest first', 'credits', 200, 400),
    documented('query', ledgerQuery),
    async (c) => creditActions.ledger(c, (await account(c)).id, c.req.valid('query')),
  );

const progressBody = z.object({
  status: z.enum(['rendering', 'done', 'failed'], 'must be rendering, done or failed'),
  progress: z
    .number('must be a number')
    .check(z.int('must be a whole number'), z.gte(0, 'must be 0-100'), z.lte(100, 'must be 0-100')),
  cost: z.optional(
    z.number('must be a number').check(z.int('must be a whole number'), z.nonnegative('must be 0 or more')),
  ),
  error: z.optional(z.string('must be a string').check(z.maxLength(500, 'must be at most 500 characters'))),
});

/** The render farm's reports on a Studio job; each is pushed to the job's user live. */
const jobs = keyedRoutes().post(
  '/:jobId/progress',
  doc("Report a Studio render job's progress", 'jobs', 200, 400),
  documented('json', progressBody),
  async (c) => {
    const result = await recordProgress(c.var.db, c.req.param('jobId'), c.req.valid('json'));
    if (!result) throw notFound('job_not_found', 'No such job.');
    if (result.changed) publishJob(c, result.userId, result.job);
    return c.json({ job: result.job });
  },
);

/** Every router of the service API at its path: served below, and the same app is what the document describes. */
const routers = new Hono<AppEnv>()
  .route('/users', users)
  // The app's own users, their browser tokens and checkouts (worker/apps).
  .route('/users', appUserRoutes)
  .route('/checkout', appCheckoutRoutes)
  .route('/jobs', jobs)
  // Events out (worker/webhooks): a user's low-balance threshold, and the app's endpoints.
  .route('/users', alertRoutes)
  // Auto top-up (worker/autotopup): a user's settings.
  .route('/users', serviceAutoTopupRoutes)
  .route('/webhook-endpoints', webhookEndpointRoutes);

export const serviceRoutes = new Hono<AppEnv>()
  .get(
    '/openapi.json',
    openAPIRouteHandler(routers, {
      documentation: {
        openapi: '3.1.0',
        info: {
          title: 'Creditcast service API',
          version: '1.0.0',
          description:
            "The app's backend reserves, captures, spends and grants credits for its users. See docs/service-api.md.",
        },
        servers: [{ url: '/api/v1' }],
        components: {
          securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'cck_…' } },
          schemas: {
            Error: {
              type: 'object',
              required: ['error'],
              properties: {
                error: {
                  type: 'object',
                  required: ['code', 'message'],
                  properties: { code: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    }),
  )
  .use(limitBody(JSON_BODY_LIMIT))
  .route('/', routers);
