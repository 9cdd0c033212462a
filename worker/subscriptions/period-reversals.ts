// A plan period's refunds and disputes as batch steps: the ledger's moves that take (or give back)
// the period's credit, each followed by this owner's own record of it on subscription_invoices.
// billing/reversals.ts batches these beside a pack's; grants batch the pending ones.
import { type SQL, sql } from 'drizzle-orm';
import type { Step } from '../ledger/commit';
import {
  type InvoiceRef,
  subscriptionDisputeMove,
  subscriptionDisputeReversalMove,
  subscriptionRefundMove,
  subscriptionRefundTaken,
} from '../ledger/subscription-reversals';

/** Records what the refunds took (`credits_clawed`), right after `subscriptionRefundMove`. */
function markRefunded(ref: InvoiceRef): SQL {
  const { taken, where } = subscriptionRefundTaken(ref);
  return sql`UPDATE subscription_invoices AS si SET credits_clawed = ${taken} WHERE ${where}`;
}

/** A refund of the payment: the period's newly refunded share (a pack's payment matches nothing). */
export const periodRefundSteps = (paymentIntent: string): Step[] => [
  { move: subscriptionRefundMove({ paymentIntent }) },
  markRefunded({ paymentIntent }),
];

/** A dispute, and its reversal when won: the period's disputed share (a pack's payment matches nothing). */
export const periodDisputeSteps = (disputeId: string, won: boolean): Step[] => [
  { move: subscriptionDisputeMove({ disputeId }) },
  ...(won ? [{ move: subscriptionDisputeReversalMove({ disputeId }) }] : []),
];

/**
 * The refund and dispute Stripe reported before the Worker could apply them (the grant, or the
 * payment's mapping, arrived later): applied in the batch that makes them applicable.
 */
export function pendingReversalSteps(invoiceId: string): Step[] {
  const ref = { invoiceId };
  return [
    { move: subscriptionRefundMove(ref) },
    markRefunded(ref),
    { move: subscriptionDisputeMove(ref) },
    { move: subscriptionDisputeReversalMove(ref) },
  ];
}
