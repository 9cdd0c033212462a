// The one list of Stripe resources the Worker may call: the slim SDK build keeps only these, and
// `StripeClient` (./client.ts) exposes only these, so calling one left out fails to compile.
// Adding one: put its client property name here, run `npm run stripe:slim`, commit the regenerated vendor/ files.

/** Properties of the Stripe client kept in the Worker's build (a namespace such as `checkout` keeps all of it). */
export const STRIPE_RESOURCES = [
  'billingPortal', // subscriptions/checkout.ts: the portal to cancel, resume or switch
  'charges', // receipts, refunds
  'checkout', // packs and plans: Checkout Sessions
  'customers', // accounts/customers.ts: one Customer per user
  'invoicePayments', // an invoice's payments (API 2026-10-28: no `invoice.charge`)
  'invoices', // plan grants, reconciliation
  'paymentIntents', // receipts, refunds; auto top-up charges off-session
  'paymentMethods', // auto top-up: the saved card
  'products', // plans' Checkout line items
  'refunds', // the console's refunds
  'setupIntents', // auto top-up: saving a card
  'subscriptions', // plans
] as const;

export type StripeResourceName = (typeof STRIPE_RESOURCES)[number];
