// What Stripe itself says of a payment, in the console's words (shown beside our own status):
// `unknown` when Stripe has no such object. Pure data, shared with the site.
export const STRIPE_PAYMENT_WORDS = ['paid', 'unpaid', 'refunded', 'disputed', 'unknown'] as const;
export type StripePaymentWord = (typeof STRIPE_PAYMENT_WORDS)[number];
