// The one list of Stripe resources and methods the Worker may call: the slim SDK build keeps only
// these, and `StripeClient` (./client.ts) exposes only these, so calling one left out fails to compile.
// Adding one: name it here, run `npm run stripe:slim`, commit the regenerated vendor/ files.
// The slim build drops the methods' v2 decimal schemas: `*_decimal` fields stay strings (the full SDK
// makes them `Decimal` objects, whose types these still show); nothing in the Worker reads one.

/** Kept methods per client property; a namespace (`checkout`) lists its sub-resources' methods. */
export const STRIPE_METHODS = {
  billingPortal: { sessions: ['create'] }, // subscriptions/checkout.ts: the portal to cancel, resume or switch
  charges: ['retrieve'], // receipts, refunds
  checkout: { sessions: ['create', 'expire', 'list', 'retrieve'] }, // packs and plans: Checkout Sessions
  customers: ['create', 'del', 'list', 'retrieve'], // accounts/customers.ts: one Customer per user (list, retrieve: tests)
  invoicePayments: ['list'], // an invoice's payments (API 2026-10-28: no `invoice.charge`)
  invoices: ['list', 'pay', 'retrieve'], // plan grants, reconciliation (pay: tests, a failed renewal paid)
  paymentIntents: ['create', 'retrieve'], // receipts, refunds; auto top-up charges off-session
  paymentMethods: ['retrieve'], // auto top-up: the saved card
  products: ['create'], // plans' Checkout line items
  refunds: ['create'], // the console's refunds
  setupIntents: ['retrieve'], // auto top-up: saving a card
  subscriptions: ['cancel', 'list', 'retrieve', 'update'], // plans (list, update: tests)
} as const;

export type StripeResourceName = keyof typeof STRIPE_METHODS;

/** Properties of the Stripe client kept in the Worker's build. */
export const STRIPE_RESOURCES = Object.keys(STRIPE_METHODS) as StripeResourceName[];
