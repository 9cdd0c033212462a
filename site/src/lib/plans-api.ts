// The plans UI's calls (home's plans section, the landing page's plans): the catalogue, the duplicate-plan notice
// and Checkout for a plan. Beside the one client (api.ts) in their own module, so pages without plans do not ship
// them; the subscription itself and the portal stay in api.ts (the layout's past-due watch, every page).
import { type JsonBody, type Ok, type Routes, request, type SubscribeOptions } from './api';

export const plansApi = {
  plans: () => request<Ok<Routes['plans']['$get']>>('GET', '/api/plans').then((r) => r.plans),
  /** A notice about the user's plans (a second subscription the app cancelled and refunded), or null. */
  subscriptionNotice: () =>
    request<Ok<Routes['subscription']['$get']>>('GET', '/api/subscription').then((r) => r.notice),
  /** Checkout in `subscription` mode (409 already_subscribed); `idempotencyKey` as for packs. */
  subscribe: (planId: string, options: SubscribeOptions = {}) =>
    request<Ok<Routes['subscriptions']['checkout']['$post']>>('POST', '/api/subscriptions/checkout', {
      planId,
      ...options,
    } satisfies JsonBody<Routes['subscriptions']['checkout']['$post']>),
};
