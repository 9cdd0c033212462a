// /api/history (paged, filtered, and as CSV; its plan invoices → Stripe), /api/receipts/{sessionId} (→ Stripe's receipt) and /api/config.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import type { AppEnv } from '../env';
import { invalidRequest } from '../errors';
import { historyCsv } from '../history/export';
import { hostedInvoiceUrl, invoiceNotFound } from '../history/invoices';
import { listHistory } from '../history/reading';
import { receiptNotFound, receiptUrl } from '../history/receipts';
import { requireUser } from '../middleware/auth';
import { stripeClient } from '../stripe/client';
import { validate } from '../validation';
import { LEDGER_KINDS } from '../vocabulary/ledger';

export const historyQuery = z.object({
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/, 'must be an integer from 1 to 100'))),
  cursor: z.optional(z.string().check(z.regex(/^[1-9]\d{0,15}$/, 'is not a valid cursor'))),
  kind: z.optional(z.enum(LEDGER_KINDS, 'is not a ledger kind')),
});

/** The CSV takes the page's filter, with the page's meaning. */
export const exportQuery = z.object({ kind: historyQuery.shape.kind });

export const historyRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/', validate('query', historyQuery), async (c) => {
    const query = c.req.valid('query');
    const limit = query.limit === undefined ? 20 : Number(query.limit);
    if (limit < 1 || limit > 100) throw invalidRequest('limit: must be an integer from 1 to 100');
    const beforeId = query.cursor === undefined ? undefined : Number(query.cursor);
    return c.json(await listHistory(c.var.db, c.var.user.id, { limit, beforeId, kind: query.kind }));
  })
  .get('/export.csv', validate('query', exportQuery), async (c) =>
    c.body(await historyCsv(c.var.db, c.var.user.id, undefined, c.req.valid('query').kind), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="creditcast-history.csv"',
      'cache-control': 'no-store',
    }),
  )
  .get('/invoices/:invoiceId', async (c) => {
    const invoiceId = c.req.param('invoiceId');
    if (!/^in_[A-Za-z0-9_]{1,250}$/.test(invoiceId)) throw invoiceNotFound();
    return c.redirect(await hostedInvoiceUrl(c.var.db, stripeClient(c.env), c.var.user.id, invoiceId), 302);
  });

export const receiptRoutes = new Hono<AppEnv>().use(requireUser).get('/:sessionId', async (c) => {
  const sessionId = c.req.param('sessionId');
  if (!/^cs_[A-Za-z0-9_]{1,250}$/.test(sessionId)) throw receiptNotFound();
  return c.redirect(await receiptUrl(c.var.db, stripeClient(c.env), c.var.user.id, sessionId), 302);
});

/** What the site needs to know about this deployment; public, nothing secret. */
export const configRoutes = new Hono<AppEnv>().get('/', (c) => c.json({ supportEmail: c.env.SUPPORT_EMAIL ?? '' }));
