// /api/admin: the operator console's API. Every route needs an operator's session (401 / 403),
// the same-origin rule covers every POST and DELETE (it runs before this router), and every call
// that changes anything writes an audit row in the same batch as its effect. Parses, calls, shapes.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { insertApiKey, listApiKeys, newApiKey, revokeApiKey, toApiKey } from '../accounts/api-keys';
import { insertOrigins, replaceOrigins } from '../apps/key-origins';
import { checkOrigins } from '../apps/origins';
import { closeKeySockets } from '../apps/token-sockets';
import { auditIfChanged, listAudit } from '../audit/log';
import { runBatch } from '../db/batch';
import type { AppEnv } from '../env';
import { badRequest, conflict, notFound } from '../errors';
import { expiryDateTime, idempotencyKey, reason } from '../fields';
import { onCommitFor } from '../live/publisher';
import { requireUser } from '../middleware/auth';
import { requireOperator } from '../middleware/operator';
import { stripeClient } from '../stripe/client';
import { validate } from '../validation';
import { adjust, MAX_ADJUSTMENT } from './adjustments';
import { listConsoleEvents } from './events';
import { refundInvoice } from './invoice-refunds';
import { reconciliationReport } from './reconciliation';
import { refundPurchase } from './refunds';
import { settlePurchase } from './settle';
import { userStripeStatus } from './stripe-status';
import { MAX_SEARCH_LENGTH, searchUsers, userPicture } from './users';
import { viewAsUser } from './view-as';
import { watchUser } from './watch';
import { adminWebhookRoutes } from './webhook-routes';

const adjustmentBody = z.object({
  amount: z.number('must be a number').check(
    z.int('must be a whole number'),
    z.gte(-MAX_ADJUSTMENT, 'must be at most 1,000,000 either way'),
    z.lte(MAX_ADJUSTMENT, 'must be at most 1,000,000 either way'),
    z.refine((n) => n !== 0, 'must not be 0'),
  ),
  /** Internal: the audit log and the console only. */
  reason,
  /** What the customer reads (default: a neutral sentence). */
  customerNote: z.optional(reason),
  idempotencyKey,
  expiresAt: z.optional(expiryDateTime),
  /** Grant even though the guard found a payment to settle instead (409 settle_instead). */
  force: z.optional(z.boolean('must be true or false')),
});

const refundBody = z.object({
  amount: z.optional(
    z.number('must be a number').check(z.int('must be a whole number'), z.positive('must be positive')),
  ),
  reason,
  idempotencyKey,
});

const cursorQuery = z.object({
  cursor: z.optional(z.string().check(z.regex(/^[1-9]\d{0,15}$/, 'is not a valid cursor'))),
});
/** A filter value: short free text (an unknown type or outcome simply matches nothing). */
const filterValue = z.optional(z.string().check(z.trim(), z.maxLength(200, 'must be at most 200 characters')));
const eventsQuery = z.object({ ...cursorQuery.shape, type: filterValue, outcome: filterValue, user: filterValue });
const searchQuery = z.object({
  query: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'is required'),
      z.maxLength(MAX_SEARCH_LENGTH, `must be at most ${MAX_SEARCH_LENGTH} characters`),
    ),
});
/** The origins an app's pages are served from (worker/apps/origins.ts checks each one). */
const originList = z.array(z.string('must be a string')).check(z.maxLength(100, 'are too many'));
const keyBody = z.object({
  name: z
    .string('must be a string')
    .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/, 'must be 1-64 letters, digits, spaces, _ . -')),
  origins: z.optional(originList),
});
const originsBody = z.object({ origins: originList });

const PAGE = 50;

/** The origins as given, each checked (400 invalid_origin names the first bad one). */
function validOrigins(inputs: string[]): string[] {
  const checked = checkOrigins(inputs);
  if (checked.outcome === 'invalid') throw badRequest('invalid_origin', `origins: ${checked.message}`);
  return checked.origins;
}
/**
 * Where the console links Stripe ids: Stripe's dashboard against real Stripe only (test-mode keys to
 * its test view); null with the local emulator, whose ids mean nothing to the dashboard.
 */
const stripeDashboard = (env: Env): string | null =>
  env.STRIPE_API_BASE
    ? null
    : `https://dashboard.stripe.com${env.STRIPE_SECRET_KEY?.startsWith('sk_live_') ? '' : '/test'}`;
const cursorOf = (q: { cursor?: string }) => (q.cursor === undefined ? undefined : Number(q.cursor));
const operatorOf = (c: { var: AppEnv['Variables'] }) => ({ id: c.var.user.id, email: c.var.user.email });

export const adminRoutes = new Hono<AppEnv>()
  .use(requireUser, requireOperator)
  .get('/users', validate('query', searchQuery), async (c) =>
    c.json({ users: await searchUsers(c.var.db, c.req.valid('query').query) }),
  )
  .get('/users/:id', async (c) => {
    const picture = await userPicture(c.var.db, c.req.param('id'));
    if (!picture) throw notFound('user_not_found', 'No such user.');
    return c.json({ ...picture, stripeDashboard: stripeDashboard(c.env) });
  })
  .get('/users/:id/stripe', async (c) =>
    c.json(await userStripeStatus(c.var.db, stripeClient(c.env), c.req.param('id'))),
  )
  .get('/users/:id/as-user', validate('query', cursorQuery), async (c) =>
    c.json(await viewAsUser(c.var.db, operatorOf(c), c.req.param('id'), cursorOf(c.req.valid('query')))),
  )
  .get('/users/:id/live', watchUser)
  .post('/users/:id/adjustments', validate('json', adjustmentBody), async (c) => {
    const body = c.req.valid('json');
    const expiresAt = body.expiresAt === undefined ? null : Date.parse(body.expiresAt);
    if (expiresAt !== null && expiresAt <= Date.now()) {
      throw badRequest('invalid_request', 'expiresAt: must be in the future');
    }
    const result = await adjust(c.var.db, onCommitFor(c), () => stripeClient(c.env), operatorOf(c), {
      ...body,
      userId: c.req.param('id'),
      expiresAt,
    });
    return c.json(result, 201);
  })
  // A refund answers 202 with Stripe's refund: the clawback follows when its `charge.refunded` arrives.
  .post('/purchases/:sessionId/refund', validate('json', refundBody), async (c) => {
    const input = { ...c.req.valid('json'), sessionId: c.req.param('sessionId') };
    return c.json(await refundPurchase(c.var.db, stripeClient(c.env), operatorOf(c), input), 202);
  })
  .post('/invoices/:invoiceId/refund', validate('json', refundBody), async (c) => {
    const input = { ...c.req.valid('json'), invoiceId: c.req.param('invoiceId') };
    return c.json(await refundInvoice(c.var.db, stripeClient(c.env), operatorOf(c), input), 202);
  })
  .post('/purchases/:sessionId/settle', async (c) =>
    c.json(
      await settlePurchase(c.var.db, onCommitFor(c), stripeClient(c.env), operatorOf(c), c.req.param('sessionId')),
    ),
  )
  .get('/events', validate('query', eventsQuery), async (c) => {
    const q = c.req.valid('query');
    return c.json(await listConsoleEvents(c.var.db, PAGE, q, cursorOf(q)));
  })
  .get('/keys', async (c) => c.json({ keys: await listApiKeys(c.var.db) }))
  .post('/keys', validate('json', keyBody), async (c) => {
    const { name } = c.req.valid('json');
    const origins = validOrigins(c.req.valid('json').origins ?? []);
    const key = await newApiKey();
    const [inserted] = await runBatch(c.var.db, [
      insertApiKey(key, name),
      auditIfChanged({ actor: c.var.user.id, action: 'key.create', target: key.id, detail: { name, origins } }),
      insertOrigins(key.id, origins),
    ]);
    const row = inserted?.[0];
    if (!row) throw conflict('key_name_taken', `An active key named "${name}" exists already.`);
    return c.json({ key: toApiKey(row, origins), secret: key.secret }, 201);
  })
  .put('/keys/:id/origins', validate('json', originsBody), async (c) => {
    const id = c.req.param('id');
    const origins = validOrigins(c.req.valid('json').origins);
    const results = await runBatch(c.var.db, [
      ...replaceOrigins(id, origins),
      auditIfChanged({ actor: c.var.user.id, action: 'key.origins', target: id, detail: { origins } }),
    ]);
    if (!results[2]?.length) throw notFound('key_not_found', 'No such active key.');
    const key = (await listApiKeys(c.var.db)).find((k) => k.id === id);
    return c.json({ key });
  })
  .delete('/keys/:id', async (c) => {
    const id = c.req.param('id');
    const [revoked] = await runBatch(c.var.db, [
      revokeApiKey(id),
      auditIfChanged({ actor: c.var.user.id, action: 'key.revoke', target: id }),
    ]);
    if (!revoked?.length) throw notFound('key_not_found', 'No such active key.');
    // Its browser tokens already fail on their next use; their open sockets end now (4001).
    await closeKeySockets(c.env, c.var.db, id);
    return c.body(null, 204);
  })
  .get('/audit', validate('query', cursorQuery), async (c) =>
    c.json(await listAudit(c.var.db, PAGE, cursorOf(c.req.valid('query')))),
  )
  .get('/reconciliation', async (c) => c.json(await reconciliationReport(c.var.db, stripeClient(c.env))))
  // Events out (the Webhooks page): its own router, the same worker/webhooks functions as /api/v1.
  .route('/webhooks', adminWebhookRoutes);
