// `charge.refunded` and `charge.dispute.*` of a payment we do not know yet. A charge names no
// invoice in this API version: Stripe's invoice_payments list maps its PaymentIntent to the
// invoice. If the invoice is one of our subscription invoices, the mapping is stored and the
// refund or dispute (recorded by reversals.ts) applied; if the invoice was never granted (its
// events lost or still on their way), it is fetched and granted here first, so the reversal still
// takes exactly that period's credit.
import { applyDispute, applyRefund, type ReportedDispute } from '../billing/reversals';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { idOf, type StripeClient } from '../stripe/client';
import type { EventRef, FulfilResult } from '../stripe/event-log';
import { invoiceSchema } from '../stripe/event-schemas';
import { grantInvoice, recordInvoicePayment } from './invoices';
import { periodDisputeSteps, periodRefundSteps } from './period-reversals';

async function invoiceOfPayment(stripe: StripeClient, paymentIntent: string): Promise<string | null> {
  try {
    const page = await stripe.invoicePayments.list({
      payment: { type: 'payment_intent', payment_intent: paymentIntent },
      limit: 1,
    });
    return idOf(page.data[0]?.invoice);
  } catch (err) {
    // Stripe answered "no" (a 4xx): nothing to map. Anything else is transient: let Stripe retry.
    if ((err as { type?: unknown })?.type === 'StripeInvalidRequestError') return null;
    throw err;
  }
}

/** After a reversal was recorded for a payment nobody of ours has (yet): map it, then apply it. */
async function applyToUnmapped(
  db: Db,
  onCommit: OnCommit,
  applied: FulfilResult,
  paymentIntent: string,
  stripe: StripeClient | undefined,
  now: number,
): Promise<FulfilResult> {
  // 'recorded': neither a pack nor a subscription invoice of ours has this payment (yet).
  if (applied.outcome !== 'recorded' || !stripe) return applied;
  const invoiceId = await invoiceOfPayment(stripe, paymentIntent);
  if (!invoiceId) return applied;
  const mapped = await recordInvoicePayment(db, onCommit, invoiceId, paymentIntent, undefined, now);
  if (mapped.outcome !== 'not_applicable') return mapped;
  const invoice = await stripe.invoices.retrieve(invoiceId);
  return grantInvoice(db, onCommit, invoiceSchema.parse(invoice), undefined, now, paymentIntent);
}

export async function refundCharge(
  db: Db,
  onCommit: OnCommit,
  /** Absent when the app refunded the payment itself (subscriptions/refund-now.ts). */
  event: EventRef | undefined,
  charge: { id: string; amount_refunded: number },
  paymentIntent: string,
  stripe: StripeClient | undefined,
  now = Date.now(),
): Promise<FulfilResult> {
  const applied = await applyRefund(db, onCommit, event, charge, paymentIntent, periodRefundSteps(paymentIntent), now);
  return applyToUnmapped(db, onCommit, applied, paymentIntent, stripe, now);
}

export async function disputeCharge(
  db: Db,
  onCommit: OnCommit,
  reported: ReportedDispute,
  stripe: StripeClient | undefined,
  now = Date.now(),
): Promise<FulfilResult> {
  const periodSteps = (won: boolean) => periodDisputeSteps(reported.dispute.id, won);
  const applied = await applyDispute(db, onCommit, reported, periodSteps, now);
  return applyToUnmapped(db, onCommit, applied, reported.paymentIntent, stripe, now);
}
