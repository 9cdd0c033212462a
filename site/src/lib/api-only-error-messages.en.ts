// Sentences for the codes only routes no page of this site calls can answer, in English (the zh file must
// match): Stripe's webhooks, the service API's keys, the holds API that apps drive, and the receipt link
// (a link the browser follows: no page reads its JSON). No page registers
// this set, so no page ships it; it is here so every code has a sentence (error-messages.ts checks) for the
// page that one day calls those routes (it registers the set with areaErrorMessages, as admin-api.ts does).
const en = {
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
  receipt_not_found: 'There is no receipt for this payment yet. Try again later, or contact support.',
};

export default en;
