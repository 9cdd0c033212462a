// What each error code means to a user, in English: the source of the codes (the zh file must match them).
// Every code the Worker can answer the site with (error-messages.test.ts greps worker/ for them, so a new
// code without a sentence here fails the test), plus the client's own network_error.
const en = {
  network_error: 'Could not reach the server. Check your connection and try again.',
  unauthorized: 'You are signed out. Sign in to continue.',
  invalid_request: 'Some of what you entered is not valid. Check it and try again.',
  invalid_json: 'The request was garbled. Reload the page and try again.',
  bad_request: 'The request was not valid. Reload the page and try again.',
  cross_origin: 'This request came from another site and was refused. Open the app directly and try again.',
  forbidden: 'You do not have access to this.',
  not_found: 'That was not found. It may have been removed.',
  method_not_allowed: 'That action is not available. Reload the page.',
  payload_too_large: 'That is too large to send. Shorten it and try again.',
  unsupported_media_type: 'That request type is not supported. Reload the page.',
  upgrade_required: 'Live updates need a newer browser connection. Reload the page.',
  rate_limited: 'Too many attempts. Wait a minute, then try again.',
  insufficient_credits: 'Not enough credits for that. Buy a pack first.',
  checkout_not_found:
    'We could not find that payment. If you paid, your credits are safe: check your balance in a minute.',
  // One code for every reused idempotency key (checkout, spend, holds, grants, adjustments).
  idempotency_conflict:
    'That request was already made with different details, or is still being processed. Wait a moment, reload the page and try again.',
  stripe_error: 'The payment service did not answer. You were not charged; try again in a moment.',
  stripe_not_configured: 'Payments are not set up on this site yet. Contact support.',
  // (Codes only one area's calls meet are that area's set: admin-, account-, auth-, studio-, purchase-error-messages.*;
  // codes of routes no page calls or reads, api-only-error-messages.*.)
  // Plans and subscriptions (starting one: purchase-error-messages.*).
  no_customer: 'There is nothing to manage yet: subscribe to a plan or buy a pack first.',
  needs_card: 'Save a card first: auto top-up charges the card you save.',
  http_error: 'The request failed. Reload the page and try again.',
  internal_error: 'Something went wrong on our side. Please try again.',
  // For codes the table does not know (a newer server, a proxy's error page); no Worker code has this name.
  generic_error: 'Something went wrong. Please try again; if it keeps happening, contact support.',
};

export default en;
