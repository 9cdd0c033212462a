// /api/admin/webhooks: the console's Webhooks page. The same worker/webhooks functions as the
// service API's /api/v1/webhook-endpoints, each change audited in the batch of its effect (a resend,
// whose effect is a queue message, right after it). Mounted under adminRoutes: operators only.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { auditIfChanged, auditRow } from '../audit/log';
import type { AppEnv } from '../env';
import { validate } from '../validation';
import { createEndpoint, deleteEndpoint, listDeliveries, listEndpoints } from '../webhooks/endpoints';
import { disableEndpoint, enableEndpoint, rotateSecret } from '../webhooks/manage';
import { allowedEndpointUrl, endpointBody, endpointNotFound, resendRefusal } from '../webhooks/requests';
import { resendMessage } from '../webhooks/resend';

const cursorQuery = z.object({ cursor: z.optional(z.string().check(z.regex(/^\d{1,15}$/, 'is not a valid cursor'))) });

type Ctx = { var: AppEnv['Variables'] };
/** The audit row that follows a change to endpoint `id` (written only if the change applied). */
const audited = (c: Ctx, action: string, id: string, detail: Record<string, unknown> = {}) => [
  auditIfChanged({ actor: c.var.user.id, action: `webhook.${action}`, target: id, detail }),
];

export const adminWebhookRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ endpoints: await listEndpoints(c.var.db) }))
  .post('/', validate('json', endpointBody), async (c) => {
    const body = c.req.valid('json');
    const url = allowedEndpointUrl(body.url, c.env.WEBHOOKS_ALLOW_PRIVATE === 'true');
    const events = body.events ?? null;
    const created = await createEndpoint(
      c.var.db,
      { url, events, description: body.description ?? '' },
      Date.now(),
      (id) => audited(c, 'create', id, { url, events }),
    );
    return c.json(created, 201);
  })
  .delete('/:id', async (c) => {
    const id = c.req.param('id');
    if ((await deleteEndpoint(c.var.db, id, Date.now(), audited(c, 'delete', id))) === 'not_found') {
      throw endpointNotFound();
    }
    return c.body(null, 204);
  })
  .post('/:id/disable', async (c) => {
    const id = c.req.param('id');
    const reason = `disabled by an operator (${c.var.user.email})`;
    const done = await disableEndpoint(c.var.db, id, reason, Date.now(), audited(c, 'disable', id));
    if (done.outcome === 'not_found') throw endpointNotFound();
    return c.json({ endpoint: done.endpoint });
  })
  .post('/:id/enable', async (c) => {
    const id = c.req.param('id');
    const done = await enableEndpoint(c.var.db, id, audited(c, 'enable', id));
    if (done.outcome === 'not_found') throw endpointNotFound();
    return c.json({ endpoint: done.endpoint });
  })
  .post('/:id/rotate-secret', async (c) => {
    const id = c.req.param('id');
    const rotated = await rotateSecret(c.var.db, id, Date.now(), audited(c, 'rotate_secret', id));
    if (rotated.outcome === 'not_found') throw endpointNotFound();
    return c.json({ secret: rotated.secret, previousSecretUntil: rotated.previousSecretUntil });
  })
  .get('/:id/deliveries', validate('query', cursorQuery), async (c) => {
    const { cursor } = c.req.valid('query');
    const page = await listDeliveries(c.var.db, c.req.param('id'), cursor ? Number(cursor) : null);
    if (!page) throw endpointNotFound();
    return c.json(page);
  })
  .post('/:id/deliveries/:messageId/resend', async (c) => {
    const { id, messageId } = c.req.param();
    const sent = await resendMessage(c.var.db, c.env.WEBHOOKS_QUEUE, id, messageId);
    if (sent.outcome !== 'queued') throw resendRefusal(sent.outcome);
    await c.var.db.run(auditRow({ actor: c.var.user.id, action: 'webhook.resend', target: id, detail: { messageId } }));
    return c.json({ messageId }, 202);
  });
