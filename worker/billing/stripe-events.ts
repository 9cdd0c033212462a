// The shape of the Stripe events the app acts on. A verified signature proves who sent a body,
// not that its fields have the types the handlers (and the SQL they bind) rely on: a wrong type
// must be refused as 400 invalid_event, never become a 500 that Stripe retries for days, nor a
// string or fraction compared and multiplied inside the ledger's SQL.
import * as z from 'zod/mini';
import type { StripeEventType } from '../vocabulary/stripe-events';
import type { Stripe } from './stripe-client';

const id = z.string().check(z.minLength(1), z.maxLength(255));
/** Stripe amounts: whole units of the smallest currency unit. */
const amount = z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER));
const reference = z.union([id, z.looseObject({ id })]);

const checkoutSession = z.looseObject({
  id,
  status: z.nullable(z.string()),
  payment_status: z.string(),
  amount_total: z.nullable(amount),
  currency: z.nullable(z.string().check(z.maxLength(16))),
  payment_intent: z.optional(z.nullable(reference)),
  mode: z.optional(z.nullable(z.string())),
  invoice: z.optional(z.nullable(reference)),
  subscription: z.optional(z.nullable(reference)),
});

const charge = z.looseObject({
  id,
  amount_refunded: amount,
  payment_intent: z.optional(z.nullable(reference)),
});

const dispute = z.looseObject({
  id,
  amount,
  status: z.string(),
  payment_intent: z.optional(z.nullable(reference)),
});

const seconds = z.number().check(z.int(), z.nonnegative(), z.lte(Number.MAX_SAFE_INTEGER / 1000));

/** Subscription invoices: the parent names the subscription; the line item the period and plan. */
const invoice = z.looseObject({
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

const subscription = z.looseObject({
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

const invoicePayment = z.looseObject({
  id,
  invoice: reference,
  payment: z.looseObject({ payment_intent: z.optional(z.nullable(reference)) }),
});

// A Map, not an object literal: an event type like "valueOf" must not find Object.prototype.
const OBJECT_SCHEMAS = new Map<string, z.ZodMiniType>(
  Object.entries<z.ZodMiniType>({
    'checkout.session.completed': checkoutSession,
    'checkout.session.async_payment_succeeded': checkoutSession,
    'checkout.session.async_payment_failed': checkoutSession,
    'checkout.session.expired': checkoutSession,
    'charge.refunded': charge,
    'charge.dispute.created': dispute,
    'charge.dispute.closed': dispute,
    'invoice.paid': invoice,
    'invoice.payment_failed': invoice,
    'customer.subscription.created': subscription,
    'customer.subscription.updated': subscription,
    'customer.subscription.deleted': subscription,
    'invoice_payment.paid': invoicePayment,
  } satisfies Record<StripeEventType, z.ZodMiniType>),
);

const anyEvent = z.looseObject({
  id,
  created: z.optional(seconds),
  type: z.string(),
  data: z.looseObject({ object: z.looseObject({ id }) }),
});

/** True when `value` is an event whose handled fields have the types the handlers expect. */
export function isHandleableEvent(value: unknown): value is Stripe.Event {
  const base = anyEvent.safeParse(value);
  if (!base.success) return false;
  const schema = OBJECT_SCHEMAS.get(base.data.type);
  return !schema || schema.safeParse(base.data.data.object).success;
}
