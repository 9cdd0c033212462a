// /api/v1/webhook-endpoints and /api/v1/users/{id}/alerts (an API key): the app's endpoints for
// events out, their delivery log, and a user's low-balance threshold. Parses, calls, shapes.
import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { badRequest, conflict, notFound } from '../errors';
import { requireApiKey } from '../middleware/api-key';
import { pathAccount as account } from '../service/acting';
import { doc } from '../service/route-doc';
import { documented } from '../validation';
import { WEBHOOK_EVENT_TYPES } from '../vocabulary/webhook-events';
import { setLowBalance } from './alerts';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints } from './endpoints';
import { enableEndpoint, rotateSecret } from './manage';
import { resendMessage } from './resend';
import { checkEndpointUrl } from './safe-url';

export const endpointBody = z.object({
  url: z.string('must be a string').check(z.maxLength(2048, 'must be at most 2048 characters')),
  events: z.optional(
    z
      .array(z.enum(WEBHOOK_EVENT_TYPES, `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`))
      .check(z.minLength(1, 'must name at least one type (omit it for all)')),
  ),
  description: z.optional(z.string('must be a string').check(z.maxLength(200, 'must be at most 200 characters'))),
});

const deliveriesQuery = z.object({ cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, 'must be a cursor'))) });

export const alertsBody = z.object({
  lowBalance: z
    .number('must be a number')
    .check(z.int('must be a whole number'), z.minimum(0, 'must be 0 or more'), z.maximum(1_000_000_000, 'too large')),
});

export const endpointNotFound = () => notFound('webhook_endpoint_not_found', 'No such webhook endpoint.');

/** The HTTP answer of a resend that did not queue (shared with the console's routes). */
export function resendRefusal(outcome: 'endpoint_not_found' | 'message_not_found' | 'endpoint_disabled') {
  if (outcome === 'endpoint_not_found') return endpointNotFound();
  if (outcome === 'message_not_found')
    return notFound('webhook_message_not_found', 'No such message for this webhook endpoint.');
  return conflict('webhook_endpoint_disabled', 'The endpoint is disabled: enable it, then resend.');
}

export const webhookEndpointRoutes = new Hono<AppEnv>()
  .use(requireApiKey)
  .post(
    '/',
    doc('Add an endpoint for events (its secret is shown only now)', 'webhooks', 201, 400),
    documented('json', endpointBody),
    async (c) => {
      const body = c.req.valid('json');
      const verdict = checkEndpointUrl(body.url, c.env.WEBHOOKS_ALLOW_PRIVATE === 'true');
      if (verdict.outcome === 'refused') throw badRequest('webhook_url_not_allowed', `url: ${verdict.reason}`);
      const created = await createEndpoint(c.var.db, {
        url: verdict.url,
        events: body.events ?? null,
        description: body.description ?? '',
      });
      return c.json(created, 201);
    },
  )
  .get('/', doc('The endpoints for events', 'webhooks', 200), async (c) =>
    c.json({ endpoints: await listEndpoints(c.var.db) }),
  )
  .delete('/:endpointId', doc('Remove an endpoint (nothing more is sent to it)', 'webhooks', 204), async (c) => {
    if ((await deleteEndpoint(c.var.db, c.req.param('endpointId'))) === 'not_found') throw endpointNotFound();
    return c.body(null, 204);
  })
  .get(
    '/:endpointId/deliveries',
    doc("An endpoint's delivery attempts, newest first", 'webhooks', 200, 400),
    documented('query', deliveriesQuery),
    async (c) => {
      const { cursor } = c.req.valid('query');
      const page = await listDeliveries(c.var.db, c.req.param('endpointId'), cursor ? Number(cursor) : null);
      if (!page) throw endpointNotFound();
      return c.json(page);
    },
  )
  .post(
    '/:endpointId/rotate-secret',
    doc('A new secret; the old one keeps signing beside it for 24 hours', 'webhooks', 200),
    async (c) => {
      const rotated = await rotateSecret(c.var.db, c.req.param('endpointId'));
      if (rotated.outcome === 'not_found') throw endpointNotFound();
      return c.json({ secret: rotated.secret, previousSecretUntil: rotated.previousSecretUntil });
    },
  )
  .post('/:endpointId/enable', doc('Enable a disabled endpoint again', 'webhooks', 200), async (c) => {
    const enabled = await enableEndpoint(c.var.db, c.req.param('endpointId'));
    if (enabled.outcome === 'not_found') throw endpointNotFound();
    return c.json({ endpoint: enabled.endpoint });
  })
  .post(
    '/:endpointId/deliveries/:messageId/resend',
    doc('Send one message to the endpoint again (same webhook-id)', 'webhooks', 202, 409),
    async (c) => {
      const { endpointId, messageId } = c.req.param();
      const sent = await resendMessage(c.var.db, c.env.WEBHOOKS_QUEUE, endpointId, messageId);
      if (sent.outcome !== 'queued') throw resendRefusal(sent.outcome);
      return c.json({ messageId: sent.messageId }, 202);
    },
  );

export const alertRoutes = new Hono<AppEnv>()
  .use(requireApiKey)
  .put(
    '/:userId/alerts',
    doc("Set the user's balance.low threshold (0 turns it off)", 'webhooks', 200, 400),
    documented('json', alertsBody),
    async (c) => {
      const user = await account(c);
      return c.json({ lowBalance: await setLowBalance(c.var.db, user.id, c.req.valid('json').lowBalance) });
    },
  );
