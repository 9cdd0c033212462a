// The shape of the Stripe events the app acts on. A verified signature proves who sent a body,
// not that its fields have the types the handlers (and the SQL they bind) rely on: a wrong type
// must be refused as 400 invalid_event, never become a 500 that Stripe retries for days, nor a
// string or fraction compared and multiplied inside the ledger's SQL. The handlers take the
// objects with the types these schemas infer (no cast after the parse); objects fetched from
// Stripe's API go through the same schemas.
import * as z from 'zod/mini';
import { isStripeEventType, type StripeEventType } from '../vocabulary/stripe-events';

const id = z.string().check(z.minLength(1), z.maxLength(255));
/** Stripe amounts: whole units of the smallest currency unit. */
const amount = z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));
const reference = z.union([id, z.looseObject({ id })]);

export const checkoutSessionSchema = z.looseObject({
  id,
  status: z.nullable(z.string()),
  payment_status: z.string(),
  amount_total: z.nullable(amount),
  currency: z.nullable(z.string().check(z.maxLength(16))),
  payment_intent: z.optional(z.nullable(reference)),
  mode: z.optional(z.nullable(z.string())),
  invoice: z.optional(z.nullable(reference)),
  subscription: z.optional(z.nullable(reference)),
  // A `setup`-mode session (auto top-up's saved card): its SetupIntent names the card.
  setup_intent: z.optional(z.nullable(reference)),
  customer: z.optional(z.nullable(reference)),
  metadata: z.optional(z.nullable(z.record(z.string(), z.string()))),
});

export const chargeSchema = z.looseObject({
  id,
  amount_refunded: amount,
  payment_intent: z.optional(z.nullable(reference)),
});

/** Auto top-up's off-session charges: `metadata.autoTopup` marks ours, `attemptId` names the attempt. */
export const paymentIntentSchema = z.looseObject({
  id,
  amount,
  amount_received: z.optional(amount),
  currency: z.string().check(z.maxLength(16)),
  status: z.string(),
  metadata: z.optional(z.nullable(z.record(z.string(), z.string()))),
  last_payment_error: z.optional(
    z.nullable(
      z.looseObject({
        code: z.optional(z.nullable(z.string())),
        decline_code: z.optional(z.nullable(z.string())),
      }),
    ),
  ),
});

export const disputeSchema = z.looseObject({
  id,
  amount,
  status: z.string(),
  payment_intent: z.optional(z.nullable(reference)),
});

const seconds = z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER / 1000));

/** Subscription invoices: the parent names the subscription; the line item the period and plan. */
export const invoiceSchema = z.looseObject({
  id,
  status: z.nullable(z.string()),
  customer: z.nullable(reference),
  billing_reason: z.nullable(z.string()),
  amount_paid: amount,
  currency: z.string().check(z.maxLength(16)),
  parent: z.optional(
    z.nullable(
      z.looseObject({
        type: z.optional(z.string()),
        subscription_details: z.optional(
          z.nullable(
            z.looseObject({
              subscription: z.optional(z.nullable(reference)),
              metadata: z.optional(z.nullable(z.record(z.string(), z.string()))),
            }),
          ),
        ),
      }),
    ),
  ),
  lines: z.looseObject({
    data: z.array(
      z.looseObject({
        period: z.looseObject({ start: seconds, end: seconds }),
        pricing: z.optional(
          z.nullable(
            z.looseObject({ price_details: z.optional(z.nullable(z.looseObject({ product: z.optional(reference) }))) }),
          ),
        ),
      }),
    ),
  }),
});

export const subscriptionSchema = z.looseObject({
  id,
  status: z.string().check(z.maxLength(32)),
  customer: z.nullable(reference),
  cancel_at_period_end: z.boolean(),
  metadata: z.optional(z.nullable(z.record(z.string(), z.string()))),
  items: z.looseObject({
    data: z.array(
      z.looseObject({
        current_period_end: z.optional(seconds),
        price: z.optional(z.nullable(z.looseObject({ product: z.optional(z.nullable(reference)) }))),
      }),
    ),
  }),
});

export const invoicePaymentSchema = z.looseObject({
  id,
  invoice: reference,
  payment: z.looseObject({ payment_intent: z.optional(z.nullable(reference)) }),
});

/** Each handled event type's `data.object`, keyed by the vocabulary's list (the compiler checks both ways). */
const OBJECT_SCHEMAS = {
  'checkout.session.completed': checkoutSessionSchema,
  'checkout.session.async_payment_succeeded': checkoutSessionSchema,
  'checkout.session.async_payment_failed': checkoutSessionSchema,
  'checkout.session.expired': checkoutSessionSchema,
  'charge.refunded': chargeSchema,
  'charge.dispute.created': disputeSchema,
  'charge.dispute.closed': disputeSchema,
  'invoice.paid': invoiceSchema,
  'invoice.payment_failed': invoiceSchema,
  'customer.subscription.created': subscriptionSchema,
  'customer.subscription.updated': subscriptionSchema,
  'customer.subscription.deleted': subscriptionSchema,
  'invoice_payment.paid': invoicePaymentSchema,
  'payment_intent.succeeded': paymentIntentSchema,
  'payment_intent.payment_failed': paymentIntentSchema,
} as const satisfies Record<StripeEventType, z.ZodMiniType>;

export type CheckoutSessionObject = z.infer<typeof checkoutSessionSchema>;
export type InvoiceObject = z.infer<typeof invoiceSchema>;
export type PaymentIntentObject = z.infer<typeof paymentIntentSchema>;
export type SubscriptionObject = z.infer<typeof subscriptionSchema>;
/** The parsed `data.object` of an event of type `T`. */
export type EventObject<T extends StripeEventType> = z.infer<(typeof OBJECT_SCHEMAS)[T]>;

const anyEvent = z.looseObject({
  id,
  created: z.optional(seconds),
  type: z.string(),
  data: z.looseObject({ object: z.looseObject({ id }) }),
});

/** A verified event the app acts on, its object parsed and typed by its type. */
export type HandledEvent = {
  [T in StripeEventType]: { id: string; type: T; created?: number; object: EventObject<T> };
}[StripeEventType];

/**
 * `handled`: an event of a type we act on, its fields as the handlers expect; `unhandled`: a
 * well-formed event of another type (acknowledged, ignored); `invalid`: neither (a 400).
 */
export type ParsedEvent =
  | { kind: 'handled'; event: HandledEvent }
  | { kind: 'unhandled'; id: string; type: string }
  | { kind: 'invalid' };

export function parseStripeEvent(value: unknown): ParsedEvent {
  const base = anyEvent.safeParse(value);
  if (!base.success) return { kind: 'invalid' };
  const { id, type, created } = base.data;
  // The vocabulary's list, not an object lookup: a type like "valueOf" must not find Object.prototype.
  if (!isStripeEventType(type)) return { kind: 'unhandled', id, type };
  const object = OBJECT_SCHEMAS[type].safeParse(base.data.data.object);
  if (!object.success) return { kind: 'invalid' };
  return { kind: 'handled', event: { id, type, created, object: object.data } as HandledEvent };
}

/** True when `value` is an event whose handled fields have the types the handlers expect. */
export function isHandleableEvent(value: unknown): boolean {
  return parseStripeEvent(value).kind !== 'invalid';
}
