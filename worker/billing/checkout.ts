// Checkout: creating Stripe Checkout Sessions for packs, and what a plan's session shares with them
// (openCheckout). The session row is recorded through sessions.ts; status changes go through fulfilment.ts.
import { ensureCustomer } from '../accounts/customers';
import type { Db } from '../db/client';
import { badGateway, badRequest, conflict, notFound } from '../errors';
import type { Stripe, StripeClient } from '../stripe/client';
import type { Locale } from '../vocabulary/locales';
import { findPack, lineItemName } from './packs';
import { type NewCheckoutSession, recordCheckoutSession } from './sessions';

/** Unknown ids, malformed ids and other users' sessions all answer this same 404. */
export const checkoutNotFound = () => notFound('checkout_not_found', 'No such checkout session.');

/** Who buys, in which language, and where the browser comes back: what every Checkout of ours starts from. */
export interface CheckoutRequest {
  user: { id: string; email: string };
  locale: Locale;
  /** The app's origin, for the success and cancel URLs. */
  origin: string;
  /** Makes a retried create return the same session instead of a second one. */
  idempotencyKey?: string;
  /** An app's own pages to return to (checked against its key's origins by worker/apps); else this site's. */
  returnUrls?: ReturnUrls;
}

export interface CreateCheckoutInput extends CheckoutRequest {
  packId: string;
  /** Also save the card paid with, for auto top-up's off-session charges (settlement stores it). */
  saveCard?: boolean;
}

/** Where Checkout sends the browser back; Stripe substitutes {CHECKOUT_SESSION_ID} in them itself. */
export interface ReturnUrls {
  success: string;
  cancel: string;
}

/** This site's success and cancel pages for `locale`. */
function siteReturnUrls(origin: string, locale: Locale): ReturnUrls {
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
  return openCheckout(
    db,
    stripe,
    input,
    {
      mode: 'payment',
      line_items: [lineItem],
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
    },
    { packId: pack.id, credits: pack.credits, amount: pack.amount, currency: pack.currency },
  );
}

/** What a pack's or a plan's session adds to the shared parameters: its mode, lines, metadata, Customer. */
type ModeParams = Omit<
  Stripe.Checkout.SessionCreateParams,
  'mode' | 'client_reference_id' | 'locale' | 'success_url' | 'cancel_url'
> & { mode: NewCheckoutSession['mode'] };

/**
 * Creates the session with what every Checkout of ours shares (the buyer as its reference, the
 * page's language, the return URLs, a per-user idempotency key), then records its row before
 * answering, so the webhook and the status call always find it (and its price) to credit.
 */
export async function openCheckout(
  db: Db,
  stripe: StripeClient,
  request: CheckoutRequest,
  params: ModeParams,
  priced: Pick<NewCheckoutSession, 'packId' | 'credits' | 'amount' | 'currency'>,
): Promise<{ sessionId: string; url: string }> {
  const returnUrls = request.returnUrls ?? siteReturnUrls(request.origin, request.locale);
  const session = await createStripeSession(
    stripe,
    {
      ...params,
      client_reference_id: request.user.id,
      locale: request.locale === 'zh' ? 'zh' : 'en',
      success_url: returnUrls.success,
      cancel_url: returnUrls.cancel,
    },
    await stripeIdempotencyKey(request.user.id, request.idempotencyKey),
  );
  if (!session.url) throw badGateway('stripe_error', 'Stripe returned no checkout URL.');
  await recordCheckoutSession(db, { id: session.id, userId: request.user.id, mode: params.mode, ...priced });
  return { sessionId: session.id, url: session.url };
}

/**
 * Stripe's Idempotency-Key is at most 255 characters: the caller's key (up to 255 itself) is
 * hashed, so "checkout:<user>:<sha-256 hex>" always fits (110 characters) and stays per user.
 */
async function stripeIdempotencyKey(userId: string, clientKey: string | undefined): Promise<string> {
  if (clientKey === undefined) return `checkout:${userId}:${crypto.randomUUID()}`;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(clientKey));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `checkout:${userId}:${hex}`;
}

/**
 * Stripe refuses an idempotency key reused with other parameters (or still in flight): that is
 * the caller's mistake, a 409, never a 500 logged as a Stripe outage.
 */
async function createStripeSession(
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
