// Checkout: creating Stripe Checkout Sessions for packs and answering "where is my purchase?".
// Owns inserts into checkout_sessions; status changes go through fulfillment.ts.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { checkoutSessions, users } from '../db/schema';
import { AppError } from '../errors';
import type { OnCommit } from '../ledger/commit';
import type { Locale } from '../locales';
import { fulfilCheckoutSession } from './fulfilment';
import { findPack } from './packs';
import { type CheckoutStatus, PENDING_STATUSES } from './statuses';
import type { Stripe } from './stripe-client';

export interface CreateCheckoutInput {
  user: { id: string; email: string };
  packId: string;
  locale: Locale;
  /** The app's origin, for the success and cancel URLs. */
  origin: string;
  /** Makes a retried create return the same session instead of a second one. */
  idempotencyKey?: string;
}

export async function createCheckout(
  db: Db,
  stripe: Stripe,
  input: CreateCheckoutInput,
): Promise<{ sessionId: string; url: string }> {
  const pack = findPack(input.packId);
  if (!pack) throw new AppError(400, 'unknown_pack', `There is no pack "${input.packId}".`);

  const lineItem: Stripe.Checkout.SessionCreateParams.LineItem = pack.stripePriceId
    ? { price: pack.stripePriceId, quantity: 1 }
    : {
        quantity: 1,
        price_data: {
          currency: pack.currency,
          unit_amount: pack.amount,
          product_data: { name: `${pack.name} — ${pack.credits.toLocaleString('en-US')} credits` },
        },
      };
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [lineItem],
      client_reference_id: input.user.id,
      customer_email: input.user.email,
      metadata: { userId: input.user.id, packId: pack.id, credits: String(pack.credits) },
      // Stripe copies only these onto the PaymentIntent (and so to refunds and disputes).
      payment_intent_data: { metadata: { userId: input.user.id, packId: pack.id } },
      locale: input.locale === 'zh' ? 'zh' : 'en',
      // Stripe substitutes {CHECKOUT_SESSION_ID} itself when it redirects.
      success_url: `${input.origin}/${input.locale}/payment/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${input.origin}/${input.locale}/payment/cancel`,
    },
    {
      idempotencyKey: `checkout:${input.user.id}:${input.idempotencyKey ?? crypto.randomUUID()}`,
    },
  );
  if (!session.url) throw new AppError(502, 'stripe_error', 'Stripe returned no checkout URL.');

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

export interface CheckoutStatusView {
  sessionId: string;
  status: CheckoutStatus;
  credits: number;
  balance: number;
}

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
): Promise<CheckoutStatusView> {
  let view = await readStatus(db, userId, sessionId);
  if (!view) throw new AppError(404, 'checkout_not_found', 'No such checkout session.');
  if (!(PENDING_STATUSES as readonly CheckoutStatus[]).includes(view.status)) return view;

  try {
    const session = await stripe.checkout.sessions.retrieve(sessionId);
    const result = await fulfilCheckoutSession(db, onCommit, session);
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
