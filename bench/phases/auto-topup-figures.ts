// Row 9's figures and verdicts from the phase's samples: 9a's budget (what the top-up's path is made
// of, each part measured in the same run) and 9b's on/off ratio.
import { TARGETS } from '../config';
import { median, percentile } from '../lib/stats';
import type { AutoTopupResult } from './auto-topup';

/**
 * The D1 round trips the room's alarm makes before the credit's commit (read from the code, not the
 * run: update it with the code): worker/autotopup/attempts.ts startAttempt's read batch and its
 * insert batch, and charge.ts's mark-sent UPDATE. The credit's commit and push (settle.ts) are a
 * purchase's, measured as one.
 */
export const TOPUP_D1_TRIPS = 3;

export function autoTopupFigures(r: AutoTopupResult) {
  const creditP50 = median(r.creditMs);
  const creditP95 = percentile(r.creditMs, 95);
  const spendPushP50 = median(r.spendPushMs);
  const intentP50 = median(r.intentMs);
  const purchasePushP50 = median(r.purchasePushMs);
  // One D1 round trip: what `/me` (one D1 read) costs over the no-op, both interleaved here.
  const d1P50 = Math.max(0, median(r.meMs) - median(r.noopMs));
  // The path, part by part: the spend's own push (the room learns the balance), the alarm's D1 trips,
  // one PaymentIntent round trip, then a credit's commit and push as a purchase makes them. The
  // budget is their sum, with nothing for waiting; the purchase push's HTTP overhead is the slack.
  const budget = spendPushP50 + TOPUP_D1_TRIPS * d1P50 + intentP50 + purchasePushP50;
  const onP50 = median(r.onSpendMs);
  const offP50 = median(r.offSpendMs);
  const spendRatio = onP50 / offP50;
  const clean = r.failed.length === 0;
  return {
    creditP50,
    creditP95,
    spendPushP50,
    intentP50,
    purchasePushP50,
    d1P50,
    budget,
    onP50,
    offP50,
    spendRatio,
    creditPass: r.creditMs.length > 0 && creditP50 <= budget && r.missed === 0 && r.notOnce === 0 && clean,
    spendPass: r.onSpendMs.length > 0 && spendRatio <= TARGETS.topupSpendOnVsOff && clean,
  };
}
