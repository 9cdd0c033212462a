// Refunding, in full and at once, a payment the app must not keep (one for a closed account, or a
// second subscription's), through Stripe's Refunds API, then applying its clawback in the same
// call through the one idempotent `charge.refunded` path: the webhook that follows finds nothing
// left to take, and a webhook that comes first leaves nothing for this call. Either way, once.

import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { idOf } from '../stripe/client';
import type { FulfilResult } from '../stripe/event-log';
import { refundCharge } from './refunds';

export type RefundCause = 'closed_account' | 'duplicate';

export async function refundPaymentNow(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  paymentIntent: string,
  cause: RefundCause,
  now = Date.now(),
): Promise<FulfilResult> {
  await refundOnce(stripe, paymentIntent, cause);
  // The clawback reads Stripe's cumulative refunded total, as `charge.refunded` carries it.
  const intent = await stripe.paymentIntents.retrieve(paymentIntent);
  const chargeId = idOf(intent.latest_charge as string | { id: string } | null);
  if (!chargeId) return { outcome: 'not_applicable', entries: [] };
  const charge = await stripe.charges.retrieve(chargeId);
  return refundCharge(
    db,
    onCommit,
    undefined,
    { id: charge.id, amount_refunded: charge.amount_refunded },
    paymentIntent,
    stripe,
    now,
  );
}

const IN_FLIGHT_RETRIES = 5;

async function refundOnce(stripe: StripeClient, paymentIntent: string, cause: RefundCause): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await stripe.refunds.create(
        {
          payment_intent: paymentIntent,
          reason: cause === 'duplicate' ? 'duplicate' : 'requested_by_customer',
          metadata: { creditcast: cause },
        },
        // One key per payment: the webhook, the status call and the cron racing make one refund.
        { idempotencyKey: `refund-now:${paymentIntent}` },
      );
      return;
    } catch (err) {
      const e = err as { type?: unknown; code?: unknown };
      // Refunded already (an operator, the dashboard): exactly what we wanted.
      if (e.code === 'charge_already_refunded') return;
      // A racing caller's request with the same key is still in flight: its answer is ours, ask again.
      if (e.type !== 'StripeIdempotencyError' || attempt >= IN_FLIGHT_RETRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
    }
  }
}
