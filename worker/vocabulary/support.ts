// The customer's side of an operator adjustment without a note: one neutral sentence, stored as the
// entry's reference (the CSV, ledger API and webhooks read it as is) and shown translated by the site.
export const DEFAULT_CUSTOMER_NOTE = 'Adjustment by support';
