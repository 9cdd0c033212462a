// The plans section's data: the plans on sale, the lots behind the allowance split (refreshed on every
// balance change), and the Subscribe and billing-portal actions that send the browser to Stripe.
import { createSignal, onCleanup } from 'solid-js';
import { ApiError } from '../../lib/api';
import { followBalance } from '../../lib/follow-balance';
import type { Locale } from '../../lib/i18n';
import { pendingKey } from '../../lib/pending-key';
import '../../lib/purchase-errors'; // its sentences (unknown_plan, …) load with the plans
import { rememberSubscriptionCheckout } from './subscription-checkout';
import type { PlansNotice } from './subscription-i18n';
import { type FetchSubscription, refreshSubscription, trackSubscription } from './subscription-store';
import type { LotLike, PlanLike } from './subscription-view';

/** A plan as `GET /api/plans` lists it. */
export interface PlanOffer extends PlanLike {
  amount: number;
  currency: string;
}

/** The calls this section makes (lib/api.ts in the page; a fake in tests). */
export interface PlansClient {
  plans: () => Promise<PlanOffer[]>;
  lots: () => Promise<LotLike[]>;
  subscription: FetchSubscription;
  subscribe: (
    planId: string,
    options: { locale: Locale; idempotencyKey: string },
  ) => Promise<{ sessionId: string; url: string }>;
  portal: () => Promise<{ url: string }>;
}

/** Known refusals get the plans' own words; other server messages are shown as sent. */
export function plansErrorNotice(error: unknown): PlansNotice {
  if (error instanceof ApiError) {
    if (error.status === 0) return { key: 'error_network' };
    if (error.code === 'already_subscribed') return { key: 'sub_err_already' };
    if (error.code === 'no_customer') return { key: 'sub_err_no_customer' };
    if (error.message) return { text: error.message };
  }
  return { key: 'error_generic' };
}

export function createPlansData(client: PlansClient, lang: () => Locale) {
  const [plans, setPlans] = createSignal<PlanOffer[]>();
  const [plansError, setPlansError] = createSignal<PlansNotice>();
  /** The plan whose Subscribe was clicked, or 'portal': the browser is on its way to Stripe. */
  const [leaving, setLeaving] = createSignal<string>();
  const [actionError, setActionError] = createSignal<PlansNotice>();

  trackSubscription(client.subscription);
  client
    .plans()
    .then(setPlans)
    .catch((error) => setPlansError(plansErrorNotice(error)));

  // A grant, a renewal or a spend changes the lots (the subscription store re-asks on the same signal).
  const lots = followBalance(() => client.lots());

  // As for packs: a retry after an unknown outcome (a reload included) reuses the key, so the server
  // hands back the Checkout Session it already made instead of opening a second subscription.
  const subscribeKey = pendingKey('subscribe');
  const subscribe = async (planId: string) => {
    if (leaving()) return;
    setLeaving(planId);
    setActionError(undefined);
    const locale = lang();
    try {
      const { sessionId, url } = await client.subscribe(planId, {
        locale,
        idempotencyKey: subscribeKey.take(`${planId}:${locale}`),
      });
      subscribeKey.settle();
      rememberSubscriptionCheckout(sessionId, planId);
      location.assign(url); // stay "leaving" while the browser goes, so a second click opens nothing
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) subscribeKey.settle();
      setLeaving(undefined);
      setActionError(plansErrorNotice(error));
      // 409 already_subscribed: another tab subscribed meanwhile; show it, with the portal button.
      if (error instanceof ApiError && error.status === 409) void refreshSubscription(client.subscription);
    }
  };

  const openPortal = async () => {
    if (leaving()) return;
    setLeaving('portal');
    setActionError(undefined);
    try {
      const { url } = await client.portal();
      location.assign(url);
    } catch (error) {
      setLeaving(undefined);
      setActionError(plansErrorNotice(error));
    }
  };

  // Back from Stripe with the back button, the page may come out of the back/forward cache still
  // "leaving": let the user choose again.
  const onPageShow = (event: PageTransitionEvent) => event.persisted && setLeaving(undefined);
  window.addEventListener('pageshow', onPageShow);
  onCleanup(() => window.removeEventListener('pageshow', onPageShow));

  return { plans, plansError, lots, leaving, actionError, subscribe, openPortal };
}
