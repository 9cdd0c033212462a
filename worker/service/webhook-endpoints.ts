// /api/v1/webhook-endpoints and /api/v1/users/{id}/alerts (an API key): the app's endpoints for
// events out, their delivery log, and a user's low-balance threshold. Parses, calls, shapes.
import * as z from 'zod/mini';
import { keyedRoutes } from '../middleware/api-key';
import { documented } from '../validation';
import { setLowBalance } from '../webhooks/alerts';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints } from '../webhooks/endpoints';
import { enableEndpoint, rotateSecret } from '../webhooks/manage';
import { allowedEndpointUrl, endpointBody, endpointNotFound, resendRefusal } from '../webhooks/requests';
import { resendMessage } from '../webhooks/resend';
import { pathAccount as account } from './acting';
import { doc } from './route-doc';

const deliveriesQuery = z.object({ cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, 'must be a cursor'))) });

export const alertsBody = z.object({
  lowBalance: z
    .number('must be a number')
    .check(z.int('must be a whole number'), z.minimum(0, 'must be 0 or more'), z.maximum(1_000_000_000, 'too large')),
});

export const webhookEndpointRoutes = keyedRoutes()
  .post(
    '/',
    doc('Add an endpoint for events (its secret is shown only now)', 'webhooks', 201, 400),
    documented('json', endpointBody),
    async (c) => {
      const body = c.req.valid('json');
      const created = await createEndpoint(c.var.db, {
        url: allowedEndpointUrl(body.url, c.env.WEBHOOKS_ALLOW_PRIVATE === 'true'),
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

export const alertRoutes = keyedRoutes().put(
  '/:userId/alerts',
  doc("Set the user's balance.low threshold (0 turns it off)", 'webhooks', 200, 400),
  documented('json', alertsBody),
  async (c) => {
    const user = await account(c);
    return c.json({ lowBalance: await setLowBalance(c.var.db, user.id, c.req.valid('json').lowBalance) });
  },
);
