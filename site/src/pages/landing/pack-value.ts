// What packs are worth to a buyer: videos they make, and the bonus a bigger pack gives over the base rate. Pure.
import type { Pack } from '../../lib/api';
import { typicalRenders } from '../../lib/credits-buy';

export interface PackValue {
  pack: Pack;
  /** Typical renders (10 s at 720p) the pack pays for. */
  videos: number;
  /** Credits beyond what the same money buys at the base (least generous) pack's rate; 0 for that pack. */
  bonusCredits: number;
  /** The bonus as a whole percentage of the base-rate credits ("10% more"). */
  bonusPercent: number;
}

/**
 * Values in the packs' own order. The base rate is the fewest credits per unit of money among
 * packs of the same currency; a pack's bonus is what it gives above that rate, rounded down.
 */
export function packValues(packs: readonly Pack[]): PackValue[] {
  const baseRate = new Map<string, number>();
  for (const pack of packs) {
    if (pack.amount <= 0) continue;
    const rate = pack.credits / pack.amount;
    const current = baseRate.get(pack.currency);
    if (current === undefined || rate < current) baseRate.set(pack.currency, rate);
  }
  return packs.map((pack) => {
    const rate = baseRate.get(pack.currency);
    // A free pack has no rate to compare: no bonus claimed.
    const atBase = rate === undefined || pack.amount <= 0 ? pack.credits : Math.round(pack.amount * rate);
    const bonusCredits = Math.max(0, pack.credits - atBase);
    return {
      pack,
      videos: typicalRenders(pack.credits),
      bonusCredits,
      bonusPercent: atBase > 0 ? Math.floor((bonusCredits / atBase) * 100) : 0,
    };
  });
}

/**
 * "Sign up to buy" for one pack: the sign-up page, then home with that pack chosen (`?pack=`), its Buy
 * button focused, so the visitor does not have to find the pack again. Buying still takes their click.
 */
export function signUpToBuyHref(localeRoot: string, packId: string): string {
  const home = `${localeRoot}?pack=${encodeURIComponent(packId)}#packs`;
  return `${localeRoot}/signup?next=${encodeURIComponent(home)}`;
}
