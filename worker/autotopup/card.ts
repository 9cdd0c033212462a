// The card auto top-up charges: saved by a Checkout Session in `setup` mode for the user's one
// Stripe Customer (POST /api/auto-topup/card), or by a pack bought with "save my card"
// (`setup_future_usage=off_session`). Only the payment method's id, brand, last4 and expiry are kept.
import { ensureCustomer, userOfCustomer } from '../accounts/customers';
import type { Db } from '../db/client';
import { badGateway } from '../errors';
import { idOf, type Stripe, type StripeClient } from '../stripe/client';
import type { FulfilResult } from '../stripe/event-log';
import type { CheckoutSessionObject } from '../stripe/event-schemas';
import type { Locale } from '../vocabulary/locales';
import { type Card, storeCard } from './settings';

/** Marks a setup session as auto top-up's (its metadata), so settlement knows what completed. */
export const CARD_PURPOSE = 'auto_topup_card';

export async function createCardSetup(
  db: Db,
  stripe: StripeClient,
  input: { user: { id: string; email: string }; origin: string; locale: Locale },
): Promise<{ sessionId: string; url: string }> {
  const account = `${input.origin}/${input.locale}/account`;
  const session = await stripe.checkout.sessions.create({
    mode: 'setup',
    customer: await ensureCustomer(db, stripe.customers, input.user),
    currency: 'usd',
    client_reference_id: input.user.id,
    metadata: { userId: input.user.id, purpose: CARD_PURPOSE },
    setup_intent_data: { metadata: { userId: input.user.id, purpose: CARD_PURPOSE } },
    locale: input.locale === 'zh' ? 'zh' : 'en',
    success_url: `${account}?card=saved`,
    cancel_url: account,
  });
  if (!session.url) throw badGateway('stripe_error', 'Stripe returned no checkout URL.');
  return { sessionId: session.id, url: session.url };
}

type PaymentMethodRef = string | Stripe.PaymentMethod | null | undefined;

async function cardOf(stripe: StripeClient, ref: PaymentMethodRef): Promise<Card | null> {
  if (!ref) return null;
  const pm = typeof ref === 'string' ? await stripe.paymentMethods.retrieve(ref) : ref;
  if (!pm.card) return null;
  return {
    paymentMethodId: pm.id,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
  };
}

/** `checkout.session.completed` of a `setup` session: the SetupIntent's card becomes the saved one. */
export async function saveCardFromSetupSession(
  db: Db,
  stripe: StripeClient | undefined,
  session: CheckoutSessionObject,
  now: number,
): Promise<FulfilResult> {
  const setupIntent = idOf(session.setup_intent);
  const customer = idOf(session.customer);
  if (!stripe || !setupIntent || !customer || session.status !== 'complete') return { outcome: 'ignored', entries: [] };
  // The user is whoever owns the Customer in our records: never a field of the event alone.
  const userId = await userOfCustomer(db, customer);
  if (!userId) return { outcome: 'not_applicable', entries: [] };
  const intent = await stripe.setupIntents.retrieve(setupIntent);
  const card = await cardOf(stripe, intent.payment_method);
  if (!card) return { outcome: 'not_applicable', entries: [], userId };
  await storeCard(db, userId, card, now);
  return { outcome: 'recorded', entries: [], userId };
}

/** A pack paid with "save my card": the PaymentIntent's card becomes the saved one. */
export async function saveCardFromPayment(
  db: Db,
  stripe: StripeClient,
  userId: string,
  paymentIntent: string,
  now: number,
) {
  const intent = await stripe.paymentIntents.retrieve(paymentIntent);
  if (intent.setup_future_usage !== 'off_session') return;
  const card = await cardOf(stripe, intent.payment_method);
  if (card) await storeCard(db, userId, card, now);
}
