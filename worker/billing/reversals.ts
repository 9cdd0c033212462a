// Refunds and disputes: what Stripe tells us is recorded in payment_reversals first, whether or
// not the purchase is credited yet, and the clawback (or its reversal) is applied from that record
// in the same batch. A refund or dispute that beats its credit is applied by the credit itself
// (fulfilment.ts), so the order of events never costs the merchant or the user.
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
  autoTopupDisputeMove,
  autoTopupDisputeReversalMove,
  autoTopupRefundMove,
  markTopupRefunded,
} from '../ledger/auto-topup-payments';
import { commit, type OnCommit, type Step } from '../ledger/commit';
import { type DisputeRef, disputeMove, disputeReversalMove, refundMove } from '../ledger/payments';
import { type EventRef, type FulfilResult, recordEvent } from '../stripe/event-log';
import { markRefunded } from './sessions';

/** Stripe's cumulative refunded total for a payment: only ever raised (an older event is late). */
function recordRefund(paymentIntent: string, refundedTotal: number): SQL {
  return sql`INSERT INTO payment_reversals (id, payment_intent, kind, amount)
    VALUES (${`refund:${paymentIntent}`}, ${paymentIntent}, 'refund', ${refundedTotal})
    ON CONFLICT (id) DO UPDATE SET amount = MAX(amount, excluded.amount)`;
}

function recordDispute(paymentIntent: string, disputeId: string, amount: number, won: boolean): SQL {
  return sql`INSERT INTO payment_reversals (id, payment_intent, kind, amount, won)
    VALUES (${disputeId}, ${paymentIntent}, 'dispute', ${amount}, ${won ? 1 : 0})
    ON CONFLICT (id) DO UPDATE SET won = MAX(won, excluded.won)`;
}

/** Is the payment ours (a pack's, a granted subscription invoice's, an auto top-up's)? Read in the same batch, for the outcome. */
const creditedRow = (paymentIntent: string) =>
  sql`SELECT user_id, status FROM checkout_sessions WHERE payment_intent = ${paymentIntent}
      UNION ALL SELECT user_id, 'credited' FROM subscription_invoices WHERE payment_intent = ${paymentIntent}
      UNION ALL SELECT user_id, 'credited' FROM auto_topup_attempts WHERE payment_intent_id = ${paymentIntent}`;

async function apply(
  db: Db,
  onCommit: OnCommit,
  event: EventRef | undefined,
  objectId: string,
  paymentIntent: string,
  steps: Step[],
  now: number,
): Promise<FulfilResult> {
  const { entries, read } = await commit<{ payment: { user_id: string; status: FulfilResult['status'] } }>(
    db,
    onCommit,
    { now, steps: [...steps, ...recordEvent(event, objectId)], reads: { payment: creditedRow(paymentIntent) } },
  );
  const row = read.payment[0];
  const reversed = entries.some((e) => e.kind === 'dispute_reversal');
  const outcome =
    entries.length > 0 ? (reversed ? 'dispute_reversed' : 'clawed_back') : row ? 'not_applicable' : 'recorded';
  return { outcome, entries, status: row?.status, userId: row?.user_id ?? entries[0]?.userId };
}

/**
 * `charge.refunded`: claw back the newly refunded share (now, or when the purchase is credited).
 * Without an event when the app refunded the payment itself (subscriptions/refund-now.ts) and applies it
 * at once; the `charge.refunded` that follows then finds nothing left to take. `periodSteps`: the
 * same refund of a plan period (subscriptions/period-reversals.ts, the invoice rows' owner), in
 * the same batch; a pack's payment matches nothing there, as a plan's matches nothing here.
 */
export function applyRefund(
  db: Db,
  onCommit: OnCommit,
  event: EventRef | undefined,
  charge: { id: string; amount_refunded: number },
  paymentIntent: string,
  periodSteps: Step[],
  now = Date.now(),
): Promise<FulfilResult> {
  return apply(
    db,
    onCommit,
    event,
    charge.id,
    paymentIntent,
    [
      recordRefund(paymentIntent, charge.amount_refunded),
      { move: refundMove(paymentIntent) },
      markRefunded(paymentIntent, now),
      ...periodSteps,
      // An auto top-up's off-session charge claws back like a pack (others match nothing here).
      { move: autoTopupRefundMove(paymentIntent) },
      markTopupRefunded(paymentIntent),
    ],
    now,
  );
}

/** A `charge.dispute.*` event as the handlers take it: `closed` for `.closed`. */
export interface ReportedDispute {
  event: EventRef;
  dispute: { id: string; amount: number; status: string };
  paymentIntent: string;
  closed: boolean;
}

/**
 * `charge.dispute.created` and `.closed`: claw back the disputed share once (of a pack, or of a
 * plan period's credit); a dispute closed as
 * won also gives it back (both in one batch if "won" arrives first, netting to zero). A dispute
 * closed as lost keeps the clawback (and applies it, if "created" never came). `periodSteps` as for
 * a refund, given whether the dispute is won.
 */
export function applyDispute(
  db: Db,
  onCommit: OnCommit,
  { event, dispute, paymentIntent, closed }: ReportedDispute,
  periodSteps: (won: boolean) => Step[],
  now = Date.now(),
): Promise<FulfilResult> {
  const ref: DisputeRef = { id: dispute.id };
  const won = closed && dispute.status === 'won';
  return apply(
    db,
    onCommit,
    event,
    dispute.id,
    paymentIntent,
    [
      recordDispute(paymentIntent, dispute.id, dispute.amount, won),
      { move: disputeMove(ref) },
      ...(won ? [{ move: disputeReversalMove(ref) }] : []),
      // An auto top-up's charge (a pack's or a plan's matches nothing here), and its give-back if won.
      { move: autoTopupDisputeMove(ref) },
      ...(won ? [{ move: autoTopupDisputeReversalMove(ref) }] : []),
      ...periodSteps(won),
    ],
    now,
  );
}
