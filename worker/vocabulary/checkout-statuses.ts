// Checkout Session statuses as we record them, defined once (schema, routes and site share them).
export const CHECKOUT_STATUSES = ['open', 'processing', 'credited', 'failed', 'expired', 'refunded'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

/** Not settled yet: the status call, the cron and the webhook may still credit or close it. */
export const PENDING_STATUSES = ['open', 'processing'] as const satisfies readonly CheckoutStatus[];
/** Credited (and possibly refunded since): refunds and disputes apply to these. */
export const CREDITED_STATUSES = ['credited', 'refunded'] as const satisfies readonly CheckoutStatus[];
