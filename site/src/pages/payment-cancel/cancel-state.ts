// What the cancel page says, from the checkout's status: charged, processing, refunded or not charged. Pure.
import type { CheckoutStatus } from '../../lib/api';

export type CancelView =
  | { view: 'checking' }
  /** Open, expired or failed: nothing was taken. */
  | { view: 'not_charged' }
  | { view: 'processing'; sessionId: string }
  | { view: 'charged'; credits: number }
  | { view: 'refunded' }
  /** No usable session id, an unknown session, signed out or the server unreachable: say both cases honestly. */
  | { view: 'unknown' };

/** A Checkout Session id as Stripe substitutes it (not the raw `{CHECKOUT_SESSION_ID}` template). */
export function usableSessionId(value: unknown): string | undefined {
  return typeof value === 'string' && /^cs_[A-Za-z0-9_]+$/.test(value) ? value : undefined;
}

export function cancelView(answer: Pick<CheckoutStatus, 'sessionId' | 'status' | 'credits'> | 'error'): CancelView {
  if (answer === 'error') return { view: 'unknown' };
  switch (answer.status) {
    case 'open':
    case 'expired':
    case 'failed':
      return { view: 'not_charged' };
    case 'processing':
      return { view: 'processing', sessionId: answer.sessionId };
    case 'credited':
      return { view: 'charged', credits: answer.credits };
    case 'refunded':
      return { view: 'refunded' };
  }
  return { view: 'unknown' };
}
