// Dispatches a verified Stripe event to the module that owns it: Checkout Sessions to
// fulfilment.ts, refunds and disputes to reversals.ts. Unknown types are acknowledged and ignored.
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import { type EventRef, type FulfilResult, fulfilCheckoutSession, idOf, markSession } from './fulfilment';
import { applyDispute, applyRefund } from './reversals';
import type { Stripe } from './stripe-client';

export async function handleStripeEvent(
  db: Db,
  onCommit: OnCommit,
  event: Stripe.Event,
  now = Date.now(),
): Promise<FulfilResult> {
  const ref: EventRef = { id: event.id, type: event.type };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.expired':
      return fulfilCheckoutSession(db, onCommit, event.data.object, ref, now);
    case 'checkout.session.async_payment_failed':
      return markSession(db, event.data.object.id, 'failed', ['open', 'processing'], ref, now);
    case 'charge.refunded': {
      const charge = event.data.object;
      const pi = idOf(charge.payment_intent);
      if (!pi) return { outcome: 'ignored', entries: [] };
      return applyRefund(db, onCommit, ref, charge, pi, now);
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      const pi = idOf(dispute.payment_intent);
      if (!pi) return { outcome: 'ignored', entries: [] };
      return applyDispute(db, onCommit, ref, dispute, pi, event.type === 'charge.dispute.closed', now);
    }
    default:
      return { outcome: 'ignored', entries: [] };
  }
}
