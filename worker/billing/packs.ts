// Credit packs: the prices live here, on the server, never in a request.

export interface Pack {
  id: string;
  name: string;
  credits: number;
  /** In the currency's smallest unit (cents). */
  amount: number;
  currency: string;
  /**
   * A Stripe Price to charge instead of inline `price_data` (for catalogues managed in the
   * dashboard). Its amount must equal `amount`: fulfilment checks what was paid against the pack.
   */
  stripePriceId?: string;
}

export const PACKS: readonly Pack[] = [
  { id: 'starter', name: 'Starter', credits: 1_000, amount: 1_000, currency: 'usd' },
  { id: 'creator', name: 'Creator', credits: 5_500, amount: 5_000, currency: 'usd' },
  { id: 'studio', name: 'Studio', credits: 12_000, amount: 10_000, currency: 'usd' },
];

export function findPack(id: string): Pack | undefined {
  return PACKS.find((p) => p.id === id);
}

/** What the public API (and the site, which imports this type) sees of a pack. */
export type PublicPack = Pick<Pack, 'id' | 'name' | 'credits' | 'amount' | 'currency'>;

export function publicPack({ id, name, credits, amount, currency }: Pack): PublicPack {
  return { id, name, credits, amount, currency };
}
