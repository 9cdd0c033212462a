// Checkout: creating Stripe Checkout Sessions for packs and answering "where is my purchase?".
// Owns inserts into checkout_sessions and the stripe_checked_at claim that coalesces status
// refreshes; status changes go through fulfilment.ts.
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { checkoutSessions, users } from '../db/schema';
import { AppError, badGateway, badRequest, conflict, notFound } from '../errors';
import type { OnCommit } from '../ledger/commit';
import type { Locale } from '../locales';
import { ensureCustomer } from '../subscriptions/customers';
import { settleCheckoutSession } from '../subscriptions/session-settle';
import { findPack, lineItemName } from './packs';
import { type CheckoutStatus, PENDING_STATUSES } from './statuses';
import type { Stripe } from './stripe-client';

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
  stripe: Stripe,
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
      metadata: { userId: input.user.id, packId: pack.id, credits: String(pack.credits) },
      // Stripe copies only these onto the PaymentIntent (and so to refunds and disputes).
      payment_intent_data: { metadata: { userId: input.user.id, packId: pack.id } },
      locale: input.locale === 'zh' ? 'zh' : 'en',
      success_url: returnUrls.success,
      cancel_url: returnUrls.cancel,
    },
    await stripeIdempotencyKey(input.user.id, input.idempotencyKey),
  );
  if (!session.url) throw badGateway('stripe_error', 'Stripe returned no checkout URL.');

  // Recorded before answering, so the webhook always finds the row (and its price) to credit.
  await db
    .insert(checkoutSessions)
    .values({
      id: session.id,
      userId: input.user.id,
      packId: pack.id,
      credits: pack.credits,
      amount: pack.amount,
      currency: pack.currency,
    })
    .onConflictDoNothing();
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
  stripe: Stripe,
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

export interface CheckoutStatusView {
  sessionId: string;
  status: CheckoutStatus;
  credits: number;
  balance: number;
}

/** At most one Stripe retrieve per session in this window; other polls are answered from D1. */
export const STATUS_REFRESH_MS = 3_000;

/**
 * The success page's question. If the purchase is not settled yet, ask Stripe and fulfil it here
 * (the same idempotent path as the webhook), so a late or lost webhook never leaves the user
 * waiting. Only the owner may ask: another user's session is a 404, like an unknown one.
 */
export async function checkoutStatus(
  db: Db,
  onCommit: OnCommit,
  stripe: Stripe,
  userId: string,
  sessionId: string,
  now = Date.now(),
): Promise<CheckoutStatusView> {
  let view = await readStatus(db, userId, sessionId);
  if (!view) throw checkoutNotFound();
  if (!(PENDING_STATUSES as readonly CheckoutStatus[]).includes(view.status)) return view;
  // A page polling every second, or a script polling 100 times a second, costs Stripe one call
  // per window: whoever wins this conditional UPDATE asks, everyone else answers from D1.
  if (!(await claimStripeCheck(db, sessionId, now))) return view;

  try {
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    const result = await settleCheckoutSession(db, onCommit, stripe, session);
    const credit = result.entries.find((e) => e.kind === 'purchase' && e.userId === userId);
    if (credit) {
      // This call credited it: the entry carries the new balance, no need to read it again.
      view = { ...view, status: 'credited', balance: credit.balanceAfter };
    } else if (result.outcome !== 'ignored') {
      // Changed by someone else meanwhile (the webhook), or only a status: read the settled row.
      view = (await readStatus(db, userId, sessionId)) ?? view;
    }
  } catch (err) {
    // Stripe (or D1) unreachable: answer what we know; the page asks again, and the webhook or
    // the cron will settle it.
    if (err instanceof AppError) throw err;
    console.error(JSON.stringify({ msg: 'checkout_status_stripe_failed', sessionId, error: String(err) }));
  }
  return view;
}

/** Claims the right to ask Stripe about this session now; false if someone asked within the window. */
async function claimStripeCheck(db: Db, sessionId: string, now: number): Promise<boolean> {
  const claimed = await db
    .update(checkoutSessions)
    .set({ stripeCheckedAt: now })
    .where(and(eq(checkoutSessions.id, sessionId), lte(checkoutSessions.stripeCheckedAt, now - STATUS_REFRESH_MS)))
    .returning({ id: checkoutSessions.id });
  return claimed.length > 0;
}

async function readStatus(db: Db, userId: string, sessionId: string): Promise<CheckoutStatusView | null> {
  const [row] = await db
    .select({
      sessionId: checkoutSessions.id,
      status: checkoutSessions.status,
      credits: checkoutSessions.credits,
      balance: sql<number>`${users.credits}`,
    })
    .from(checkoutSessions)
    .innerJoin(users, eq(users.id, checkoutSessions.userId))
    .where(and(eq(checkoutSessions.id, sessionId), eq(checkoutSessions.userId, userId)))
    .limit(1);
  return row ?? null;
}
