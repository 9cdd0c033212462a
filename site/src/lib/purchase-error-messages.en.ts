// What the error codes only starting a Checkout for a pack or a plan (purchase-errors.ts registers them for the pages that buy) can meet mean to a user, in English (the zh file must match):
// loaded with the pages that make those calls, not with every page's words.
const en = {
  unknown_pack: 'That pack is no longer on sale. Reload to see the current packs.',
  app_origin_not_configured: 'This site is not fully set up yet. Contact support.',
  unknown_plan: 'That plan is not on sale. Reload the page to see the plans.',
  already_subscribed: 'You already have a plan. Change or cancel it in the billing portal.',
};

export default en;
