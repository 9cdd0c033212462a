// The success page's words for a plan's Checkout Session (one this tab opened, see subscription-checkout.ts):
// "Your 7,700 monthly credits are here" where a pack says "+1,000 credits". Undefined for a pack's session.
import { credits } from '../../lib/i18n';
import { pw } from '../payment-success/payment-words';
import { subscriptionCheckoutPlan } from './subscription-checkout';

export interface SubscriptionSuccessWords {
  planId: string;
  waiting: () => string;
  credited: (added: number) => string;
  announce: (added: number, balance: number) => string;
}

export function subscriptionSuccessWords(sessionId: string | undefined): SubscriptionSuccessWords | undefined {
  const planId = subscriptionCheckoutPlan(sessionId);
  if (!planId) return undefined;
  return {
    planId,
    waiting: () => pw('success_sub_waiting'),
    credited: (added) => pw('success_sub_credited', { credits: added }),
    announce: (added, balance) => pw('success_sub_announce', { credits: added, balance: credits(balance) }),
  };
}
