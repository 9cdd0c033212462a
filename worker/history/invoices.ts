// Plan invoices: finds Stripe's hosted invoice page for one of the user's plan payments, asked of Stripe when the user clicks.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import type { StripeClient } from '../stripe/client';

export const invoiceNotFound = () => notFound('invoice_not_found', 'No invoice for this payment.');

/**
 * The invoice's `hosted_invoice_url`. Not stored, like a receipt's link: Stripe's to change (and
 * to expire), so the click asks for the current one. Unknown invoices and other users' invoices
 * answer the same 404.
 */
export async function hostedInvoiceUrl(
  db: Db,
  stripe: StripeClient,
  userId: string,
  invoiceId: string,
): Promise<string> {
  const [row] = await db.all<{ id: string }>(
    sql`SELECT id FROM subscription_invoices WHERE id = ${invoiceId} AND user_id = ${userId} LIMIT 1`,
  );
  if (!row) throw invoiceNotFound();
  try {
    const invoice = await stripe.invoices.retrieve(row.id);
    if (!invoice.hosted_invoice_url) throw invoiceNotFound();
    return invoice.hosted_invoice_url;
  } catch (err) {
    // Stripe no longer knows the invoice (another account's data, a test-mode reset): no page, not an outage.
    if ((err as { statusCode?: unknown })?.statusCode === 404) throw invoiceNotFound();
    throw err;
  }
}
