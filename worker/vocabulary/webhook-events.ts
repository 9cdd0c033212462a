// The event types Creditcast sends to the app's webhook endpoints (API.md "Events to your app"),
// defined once: the outbox, the endpoint validation and the docs read them from here.

/** Every type an endpoint may subscribe to; `auto_topup.*` are reserved for the auto top-up work. */
export const WEBHOOK_EVENT_TYPES = [
  'credits.purchased',
  'credits.granted',
  'credits.reversed',
  'credits.expired',
  'hold.expired',
  'balance.low',
  'balance.depleted',
  'subscription.updated',
  'auto_topup.succeeded',
  'auto_topup.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (value: string): value is WebhookEventType =>
  (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);

/** What one delivery attempt came to, in the deliveries log. */
export const DELIVERY_STATUSES = ['delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
