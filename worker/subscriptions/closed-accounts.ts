// A pack payment that still arrives for a closed account (paid in the moment before closing, or
// on a session a request in flight created just after): credited by the one fulfilment path like
// any other, then refunded at once with its clawback, so the account ends with what it had and
// the buyer gets the money back. Plans are the guard's (subscriptions/guard.ts).

import { isClosedAccount } from '../accounts/closed';
import type { SessionSnapshot } from '../billing/fulfilment';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { StripeClient } from '../stripe/client';
import { idOf } from '../stripe/client';
import type { FulfilResult } from '../stripe/event-log';
import { refundPaymentNow } from './refund-now';

/** After a pack session was settled: refunds it if it is paid and its user closed the account. */
export async function refundIfClosed(
  db: Db,
  onCommit: OnCommit,
  stripe: StripeClient,
  session: SessionSnapshot,
  settled: Pick<FulfilResult, 'userId' | 'accountClosed'>,
  now = Date.now(),
): Promise<FulfilResult | null> {
  const { userId } = settled;
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  const paymentIntent = idOf(session.payment_intent);
  if (!userId || session.status !== 'complete' || !paid || !paymentIntent) return null;
  // The settling batch usually read it already (the webhook's hot path pays no extra round trip).
  if (!(settled.accountClosed ?? (await isClosedAccount(db, userId)))) return null;
  return refundPaymentNow(db, onCommit, stripe, paymentIntent, 'closed_account', now);
}
