// The calls of the pages that offer packs and show the ledger (home, landing, Studio): packs, Checkout for a pack,
// the demo spend and the ledger. Beside the one client (api.ts) in their own module, so the pages that make none
// of them (the success page, the console, …) do not ship them.
import {
  type CheckoutOptions,
  type CreatedCheckout,
  type JsonBody,
  type LedgerPage,
  type Ok,
  type Routes,
  request,
  type SpendBody,
  type SpendResult,
} from './api';

export const creditsApi = {
  packs: () => request<Ok<Routes['packs']['$get']>>('GET', '/api/packs').then((r) => r.packs),
  /**
   * `locale` picks the success/cancel pages Stripe returns to; `idempotencyKey` makes a retried
   * create (after a network error) return the same Checkout Session instead of a second one.
   */
  createCheckout: (packId: string, options: CheckoutOptions = {}) =>
    request<CreatedCheckout>('POST', '/api/checkout', { packId, ...options } satisfies JsonBody<
      Routes['checkout']['$post']
    >),
  spend: (amount: number, reason: string, idempotencyKey: string) =>
    request<SpendResult>('POST', '/api/credits/spend', { amount, reason, idempotencyKey } satisfies SpendBody),
  ledger: (limit?: number, cursor?: string) => {
    const query = new URLSearchParams();
    if (limit !== undefined) query.set('limit', String(limit));
    if (cursor !== undefined) query.set('cursor', cursor);
    const qs = query.toString();
    return request<LedgerPage>('GET', `/api/credits/ledger${qs ? `?${qs}` : ''}`);
  },
};
