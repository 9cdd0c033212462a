// Checkout: creating Stripe Checkout Sessions for packs (and the Stripe call plans share). The
// session row is recorded through sessions.ts; status changes go through fulfilment.ts.
import { ensureCustomer } from '../accounts/customers';
import type { Db } from '../db/client';
import { badGateway, badRequest, conflict, notFound } from '../errors';
import type { Stripe, StripeClient } from '../stripe/client';
import type { Locale } from '../vocabulary/locales';
import { findPack, lineItemName } from './packs';
import { recordCheckoutSession } from './sessions';

/** Unknown ids, malformed ids and other users' sessions all answer this same 404. */
export const checkoutNotFound = () => notFound('checkout_not_found', 'No such checkout session.');

export interface CreateCheckoutInput {
  user: { id: string; email: string };
  packId: string;
  locale: Locale;
  /** The app's origin, for the success and cancel URLs. */
  origin: string;
  /** Makes a retried create return the same session instead of a second one. */
  idempotencyKey?: string;
  /** An app's own pages to return to (checked against its key's origins by worker/apps); else this site's. */
  returnUrls?: ReturnUrls;
  /** Also save the card paid with, for auto top-up's off-session charges (settlement stores it). */
  saveCard?: boolean;
}

/** Where Checkout sends the browser back; Stripe substitutes {CHECKOUT_SESSION_ID} in them itself. */
export interface ReturnUrls {
  success: string;
  cancel: string;
}

/** This site's success and cancel pages for `locale`. */
export function siteReturnUrls(origin: string, locale: Locale): ReturnUrls {
  return {
    success: `${origin}/${locale}/payment/success?session_id={CHECKOUT_SESSION_ID}`,
    // The cancel page asks the status endpoint (the back link is reachable after paying too).
    cancel: `${origin}/${locale}/payment/cancel?session_id={CHECKOUT_SESSION_ID}`,
  };
}

export async function createCheckout(
  db: Db,
  stripe: StripeClient,
  input: CreateCheckoutInput,
): Promise<{ sessionId: string; url: string }> {
  const pack = findPack(input.packId);
  if (!pack) throw badRequest('unknown_pack', `There is no pack "${input.packId}".`);

  const lineItem: Stripe.Checkout.SessionCreateParams.LineItem = pack.stripePriceId
    ? { price: pack.stripePriceId, quantity: 1 }
    : {
        quantity: 1,
        price_data: {
          currency: pack.currency,
          unit_amount: pack.amount,
          product_data: { name: lineItemName(pack, input.locale) },
        },
      };
  const returnUrls = input.returnUrls ?? siteReturnUrls(input.origin, input.locale);
  const session = await createStripeSession(
    stripe,
    {
      mode: 'payment',
      line_items: [lineItem],
      client_reference_id: input.user.id,
      // The user's one Customer, so receipts, refunds and the billing portal see one customer.
      customer: await ensureCustomer(db, stripe.customers, input.user),
      metadata: {
        userId: input.user.id,
        packId: pack.id,
        credits: String(pack.credits),
        ...(input.saveCard ? { saveCard: 'true' } : {}),
      },
      // Stripe copies only these onto the PaymentIntent (and so to refunds and disputes).
      payment_intent_data: {
        metadata: { userId: input.user.id, packId: pack.id },
        ...(input.saveCard ? { setup_future_usage: 'off_session' as const } : {}),
      },
      locale: input.locale === 'zh' ? 'zh' : 'en',
      success_url: returnUrls.success,
      cancel_url: returnUrls.cancel,
    },
    await stripeIdempotencyKey(input.user.id, input.idempotencyKey),
  );
  if (!session.url) throw badGateway('stripe_error', 'Stripe returned no checkout URL.');

  // Recorded before answering, so the webhook always finds the row (and its price) to credit.
  await recordCheckoutSession(db, {
    id: session.id,
    userId: input.user.id,
    packId: pack.id,
    credits: pack.credits,
    amount: pack.amount,
    currency: pack.currency,
    mode: 'payment',
  });
  return { sessionId: session.id, url: session.url };
}

/**
 * Stripe's Idempotency-Key is at most 255 characters: the caller's key (up to 255 itself) is
 * hashed, so "checkout:<user>:<sha-256 hex>" always fits (110 characters) and stays per user.
 */
export async function stripeIdempotencyKey(userId: string, clientKey: string | undefined): Promise<string> {
  if (clientKey === undefined) return `checkout:${userId}:${crypto.randomUUID()}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(clientKey));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `checkout:${userId}:${hex}`;
}

/**
 * Stripe refuses an idempotency key reused with other parameters (or still in flight): that is
 * the caller's mistake, a 409, never a 500 logged as a Stripe outage.
 */
export async function createStripeSession(
  stripe: StripeClient,
  params: Stripe.Checkout.SessionCreateParams,
  idempotencyKey: string,
): Promise<Stripe.Checkout.Session> {
  try {
    return await stripe.checkout.sessions.create(params, { idempotencyKey });
  } catch (err) {
    if ((err as { type?: unknown })?.type === 'StripeIdempotencyError') {
      throw conflict(
        'idempotency_conflict',
        'This idempotency key was already used for another checkout, or that checkout is still being created.',
      );
    }
    throw err;
  }
}
