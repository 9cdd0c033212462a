// Refunds and disputes of plan payments, for the subscription money tests: a studio subscriber
// whose periods are paid with known PaymentIntents, dispute events for those payments, and the
// order-independent part of a user's money (balance and the credit each live lot holds).
import { expect } from 'vitest';
import { balanceOf, expectLedgerConsistent, lotsOf } from '../helpers';
import { event } from '../stripe-helpers';
import { deliverOk, invoicePaid, invoicePaymentPaid, type Subscriber, stripeId } from './support';

export const STUDIO = { credits: 20_000, rollover: 10_000, amount: 6_900 };

/** A plan payment's dispute event (`charge.dispute.*`), as Stripe sends it. */
export function disputeFor(
  type: 'created' | 'closed',
  paymentIntent: string,
  disputeId: string,
  amount: number,
  status = type === 'created' ? 'needs_response' : 'lost',
) {
  return event(`charge.dispute.${type}`, {
    id: disputeId,
    object: 'dispute',
    amount,
    currency: 'usd',
    charge: stripeId('ch'),
    payment_intent: paymentIntent,
    status,
  });
}

/** Period n of `s`: its invoice.paid and invoice_payment.paid events, and its PaymentIntent. */
export function periodEvents(s: Subscriber, n: number, amount: number) {
  const paid = invoicePaid(s, { n });
  const pi = `pi_${s.subscriptionId}_${n}`;
  return { paid, pi, payment: invoicePaymentPaid(paid.data.object.id, pi, amount), invoice: paid.data.object.id };
}

/** Delivers period n's grant and its payment (in Stripe's order); returns its PaymentIntent and invoice. */
export async function payPeriod(s: Subscriber, n: number, amount: number) {
  const p = periodEvents(s, n, amount);
  await deliverOk(p.paid);
  await deliverOk(p.payment);
  return p;
}

/**
 * What must not depend on the order events arrive in: the balance and what each live lot holds,
 * its end relative to the subscription's start (two subscribers start a moment apart).
 */
export async function moneyOf(s: Subscriber) {
  const userId = s.user.id;
  await expectLedgerConsistent(userId);
  const lots = (await lotsOf(userId))
    .filter((l) => l.remaining > 0)
    .map((l) => `${l.source} ${l.remaining} ${l.expires_at === null ? 'never' : l.expires_at - s.start * 1000}`)
    .sort();
  return { credits: (await balanceOf(userId)).credits, lots };
}

export async function expectBalance(userId: string, credits: number) {
  expect((await balanceOf(userId)).credits).toBe(credits);
  await expectLedgerConsistent(userId);
}
