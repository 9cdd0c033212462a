// Rows 9a and 9b (auto top-up, issue 22) and their details paragraph in RESULTS.md.
import { AUTO_TOPUP, TARGETS } from '../config';
import { ms, percentile, ratio } from '../lib/stats';
import type { AutoTopupResult } from '../phases/auto-topup';
import { autoTopupFigures, TOPUP_D1_TRIPS } from '../phases/auto-topup-figures';
import { SPEND, THRESHOLD } from '../phases/auto-topup-setup';
import type { Row } from './run-data';

export function autoTopupRows(r: AutoTopupResult): Row[] {
  const f = autoTopupFigures(r);
  const problems = [
    r.missed ? `${r.missed} top-ups never reached the socket` : '',
    r.notOnce ? `${r.notOnce} users not charged and credited exactly once` : '',
    r.failed.length ? `${r.failed.length} requests failed (${r.failed[0]})` : '',
  ].filter(Boolean);
  return [
    {
      n: '9a',
      name: `Auto top-up: the spend that crosses the threshold (request start) → the top-up's credit on the user's open socket, ${r.creditMs.length} users`,
      result:
        `**p50 ${ms(f.creditP50)}**, p95 ${ms(f.creditP95)}; budget ${ms(f.budget)} = the spend's own push p50 ${ms(f.spendPushP50)} + ${TOPUP_D1_TRIPS} × one D1 round trip ${ms(f.d1P50)} + one PaymentIntent on the emulator p50 ${ms(f.intentP50)} + a purchase's push p50 ${ms(f.purchasePushP50)}; ` +
        `one PaymentIntent and one credit per user: ${r.notOnce === 0 ? 'yes' : 'NO'}` +
        (problems.length ? `; ${problems.join('; ')}` : ''),
      target: `p50 ≤ the budget (the path's parts, each measured in this run); every top-up one PaymentIntent, credited once`,
      pass: f.creditPass,
    },
    {
      n: '9b',
      name: `The spend's own response with auto top-up on vs off (the same crossing spend, interleaved), ${r.onSpendMs.length} each`,
      result: `on p50 ${ms(f.onP50)}, p95 ${ms(percentile(r.onSpendMs, 95))}; off p50 ${ms(f.offP50)}, p95 ${ms(percentile(r.offSpendMs, 95))}; **${ratio(f.spendRatio)}**`,
      target: `on p50 ≤ ${TARGETS.topupSpendOnVsOff}× off p50 (the charge is not in the spend's response path)`,
      pass: f.spendPass,
    },
  ];
}

export function autoTopupDetails(r: AutoTopupResult): string[] {
  const f = autoTopupFigures(r);
  return [
    `**9. Auto top-up.** Run after row 3 and before rows 7 and 8 (no webhook endpoint registered, so no event is written or delivered). ${r.creditMs.length} rounds after ${AUTO_TOPUP.warmup} warm-up, each with two fresh users of its own, made as a user would: a Starter pack bought through Checkout (1,000 credits, its webhook delivered by us), a card saved through the setup Checkout (\`POST /api/auto-topup/card\`, paid on the emulator with 4242…, its \`checkout.session.completed\` delivered by us) and \`PUT /api/auto-topup\` at threshold ${THRESHOLD} with the Starter pack, **on** for one and **off** for the other. Each round, one at a time and alternating which goes first: the same \`POST /api/credits/spend\` of ${SPEND} credits (the route the site's spend and the service API's spend share; a Studio hold crosses the threshold through the same publish) for each user, both with a socket open (so both spends publish to one), taking the balance from 1,000 to ${1000 - SPEND}, below the threshold; for the "on" user we wait for the top-up's \`purchase\` frame before going on. The emulator's own webhook delivery is off in this bench, so the credit comes from the room's synchronous answer to the PaymentIntent (under \`npm run dev\`, \`payment_intent.succeeded\` races it and the first one credits). Then, one at a time: a purchase webhook for the "off" user (a Starter checkout paid during setup, held back), an off-session PaymentIntent sent straight to the emulator (confirm, the "off" user's saved card), \`GET /api/auth/me\` and \`GET /api/health\`. **9a's budget** is what the path is made of: the spend's push reaches the room (its \`spend\` frame, p50 ${ms(f.spendPushP50)}), the room arms its alarm, the alarm makes ${TOPUP_D1_TRIPS} D1 round trips (the attempt's read and insert batches, marking it sent; one = \`/me\` − no-op p50, ${ms(f.d1P50)}) and one PaymentIntent (${ms(f.intentP50)} from the client; the Stripe SDK inside workerd adds its own cost), then the credit is committed and pushed as a purchase's is (the purchase webhook → frame p50, ${ms(f.purchasePushP50)}, whose HTTP request is the only slack). Anything over the budget is waiting (the alarm's scheduling, the isolate being busy). After the last round each "on" user must have exactly one PaymentIntent on the emulator, one \`purchase\` entry referenced by it and ${2000 - SPEND} credits, and each "off" user no top-up credit: ${r.notOnce === 0 ? 'all did' : `${r.notOnce} did not`}. **9b** compares the spend's own response for the two users: the room only notes the balance on publish (after the response, in \`waitUntil\`) and charges in its alarm, so the ratio should be about 1.`,
    '',
  ];
}
