// What each error code means to a user, in English: the source of the codes (the zh file must match them).
// Every code the Worker can answer the site with (error-messages.test.ts greps worker/ for them, so a new
// code without a sentence here fails the test), plus the client's own network_error.
const en = {
  network_error: 'Could not reach the server. Check your connection and try again.',
  unauthorized: 'You are signed out. Sign in to continue.',
  invalid_credentials: 'That email and password do not match an account. Check them and try again.',
  email_taken: 'An account with this email already exists. Sign in instead.',
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
  unknown_pack: 'That pack is no longer on sale. Reload to see the current packs.',
  checkout_not_found:
    'We could not find that payment. If you paid, your credits are safe: check your balance in a minute.',
  // One code for every reused idempotency key (checkout, spend, holds, grants, adjustments).
  idempotency_conflict:
    'That request was already made with different details, or is still being processed. Wait a moment, reload the page and try again.',
  stripe_error: 'The payment service did not answer. You were not charged; try again in a moment.',
  stripe_not_configured: 'Payments are not set up on this site yet. Contact support.',
  app_origin_not_configured: 'This site is not fully set up yet. Contact support.',
  webhook_not_configured: 'This site is not fully set up yet. Contact support.',
  missing_signature: 'The request was not signed.',
  invalid_signature: 'The request signature is not valid.',
  invalid_event: 'The event was not understood.',
  invalid_api_key: 'A valid API key is required.',
  hold_not_found: 'That reservation was not found.',
  hold_owned_by_app:
    'This reservation belongs to the app that made it (a render in progress); the app settles it when the job ends.',
  hold_not_active: 'That reservation has already been settled or released.',
  hold_expired: 'That reservation expired; its credits were returned to you.',
  job_not_found: 'That render was not found.',
  render_farm_unavailable: 'The render farm is unavailable; nothing was charged. Try again shortly.',
  // (The console's and the account page's own codes: admin-error-messages.*.ts, account-error-messages.*.ts.)
  // History receipts.
  receipt_not_found: 'There is no receipt for this payment yet. Try again later, or contact support.',
  // Plans and subscriptions.
  unknown_plan: 'That plan is not on sale. Reload the page to see the plans.',
  already_subscribed: 'You already have a plan. Change or cancel it in the billing portal.',
  no_customer: 'There is nothing to manage yet: subscribe to a plan or buy a pack first.',
  needs_card: 'Save a card first: auto top-up charges the card you save.',
  http_error: 'The request failed. Reload the page and try again.',
  internal_error: 'Something went wrong on our side. Please try again.',
  // For codes the table does not know (a newer server, a proxy's error page); no Worker code has this name.
  generic_error: 'Something went wrong. Please try again; if it keeps happening, contact support.',
};

export default en;
