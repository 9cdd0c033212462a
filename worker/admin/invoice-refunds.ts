// Refunding a plan payment from the console: Stripe's Refunds API on the invoice's PaymentIntent.
// The allowance comes off when `charge.refunded` arrives, through the plan's one clawback path
// (subscriptions/refunds.ts), exactly as a refund made in Stripe's dashboard; Stripe's refusals are
// 409s and an unreachable Stripe a 503 (refunds.ts's refundFailure), never a 500.
import { sql } from 'drizzle-orm';
import { auditOnce } from '../audit/log';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { conflict, notFound } from '../errors';
import type { Stripe, StripeClient } from '../stripe/client';
import { refundFailure } from './refunds';

export interface InvoiceRefundInput {
  invoiceId: string;
  /** In the currency's smallest unit; omitted = whatever Stripe has left. */
  amount?: number;
  reason: string;
  idempotencyKey: string;
}

export async function refundInvoice(db: Db, stripe: StripeClient, operator: { id: string }, input: InvoiceRefundInput) {
  const [row] = await db.all<{ user_id: string; amount: number; payment_intent: string | null }>(
    sql`SELECT user_id, amount, payment_intent FROM subscription_invoices WHERE id = ${input.invoiceId}`,
  );
  if (!row) throw notFound('invoice_not_found', 'No such plan payment.');
  // A payment we never saw (a zero invoice, or its payment not mapped yet) has nothing to refund here.
  if (!row.payment_intent || row.amount <= 0) {
    throw conflict('not_refundable', 'This plan payment has no charge on record, so there is nothing to refund.');
  }
  if (input.amount !== undefined && input.amount > row.amount) {
    throw conflict('nothing_to_refund', `Only ${row.amount} (smallest currency unit) was paid for this invoice.`);
  }
  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create(
      {
        payment_intent: row.payment_intent,
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        metadata: { reason: input.reason, operator: operator.id },
      },
      { idempotencyKey: `admin-invoice-refund:${input.invoiceId}:${input.idempotencyKey}` },
    );
  } catch (err) {
    throw refundFailure(err, input.amount ?? row.amount);
  }
  const detail = { refundId: refund.id, amount: refund.amount, reason: input.reason, userId: row.user_id };
  await runBatch(db, [
    auditOnce({ actor: operator.id, action: 'invoice.refund', target: input.invoiceId, detail }, 'refundId'),
  ]);
  return { refundId: refund.id };
}
