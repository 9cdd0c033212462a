// What the error codes only the operator console's calls (admin-api.ts) can meet mean to a user, in English (the zh file must match).
const en = {
  purchase_not_found: 'That purchase was not found.',
  invoice_not_found: 'That plan payment was not found.',
  user_not_found: 'No such user.',
  not_refundable: 'This purchase cannot be refunded.',
  nothing_to_refund: 'Nothing is left to refund on this purchase.',
  charge_disputed:
    'This payment is disputed, so it cannot be refunded: the dispute decides what the customer gets back.',
  refund_refused: 'Stripe refused this refund. Check the purchase in Stripe, then try again if it should go through.',
  stripe_unavailable: 'Stripe could not be reached. Try again in a moment: it will never refund or credit twice.',
  session_not_paid: 'Stripe says this payment is not paid, so there is nothing to credit.',
  settle_instead:
    'This looks like a payment Stripe already took. Settle the purchase instead of granting, or grant anyway if it is something else.',
  key_name_taken: 'A key with this name already exists. Pick another name.',
  key_not_found: 'That key was not found. It may have been revoked already.',
  invalid_origin: 'An origin is not valid. Write each as scheme://host[:port], with no path and no *.',
  external_id_conflict: "This email already belongs to another of the app's users.",
  no_origins: 'This key names no origin. Add the origins of your pages to it first.',
  url_not_allowed: "The return address is not on one of the app's origins.",
  invalid_token: 'Your sign-in link has expired. Go back to the app and try again.',
  origin_not_allowed: "This page's site is not allowed to show your balance.",
  webhook_url_not_allowed: 'That endpoint address cannot receive events: use an https address on the public internet.',
  webhook_endpoint_not_found: 'That webhook endpoint was not found.',
  webhook_message_not_found: 'That message was not found for this endpoint.',
  webhook_endpoint_disabled: 'This endpoint is disabled. Enable it first, then resend.',
};

export default en;
