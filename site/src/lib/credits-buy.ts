// What credits buy, in the app's own unit (typical renders), and when a balance counts as low. Pure.
import { maxCost, TYPICAL_RENDER, typicalRenders } from '../../../worker/studio/pricing';

export { TYPICAL_RENDER, typicalRenders };
export { expiresSoon, showsReserved } from './balance-flags';

/** Credits of one typical render (10 s at 720p). */
export const TYPICAL_RENDER_COST = maxCost(TYPICAL_RENDER.seconds, TYPICAL_RENDER.resolution);

/** Low: the balance does not cover one typical render. Unknown (null) is never low. */
export function isLowBalance(credits: number | null | undefined): boolean {
  return typeof credits === 'number' && credits < TYPICAL_RENDER_COST;
}
