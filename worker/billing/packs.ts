// Credit packs: the prices live here, on the server, never in a request.
import type { Locale } from '../vocabulary/locales';

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
  { id: 'studio', name: 'Producer', credits: 12_000, amount: 10_000, currency: 'usd' },
];

export function findPack(id: string): Pack | undefined {
  return PACKS.find((p) => p.id === id);
}

// --- pack names per locale (site-live, issue 14 item 9) ---
/** A pack's name in Chinese, by id; a pack missing here is called by its English `name`. */
const PACK_NAMES_ZH: Readonly<Record<string, string>> = { starter: '入门包', creator: '创作者包', studio: '制作人包' };

/** The pack's name in every locale: the site picks the page's, Checkout gets the request's. */
export function packNames(pack: Pick<Pack, 'id' | 'name'>): Record<Locale, string> {
  return { en: pack.name, zh: PACK_NAMES_ZH[pack.id] ?? pack.name };
}

/** The Checkout line item's text, e.g. "Starter — 1,000 credits" or "入门包 — 1,000 积分". */
export function lineItemName(pack: Pick<Pack, 'id' | 'name' | 'credits'>, locale: Locale): string {
  const n = pack.credits.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-US');
  return locale === 'zh' ? `${packNames(pack).zh} — ${n} 积分` : `${pack.name} — ${n} credits`;
}
// --- end pack names ---

/** What the public API (and the site, which imports this type) sees of a pack. */
export type PublicPack = Pick<Pack, 'id' | 'name' | 'credits' | 'amount' | 'currency'> & {
  names: Record<Locale, string>;
};

export function publicPack({ id, name, credits, amount, currency }: Pack): PublicPack {
  return { id, name, names: packNames({ id, name }), credits, amount, currency };
}
