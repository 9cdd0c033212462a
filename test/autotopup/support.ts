// Helpers for the auto top-up tests: a signed-up user with credits, a Stripe Customer (on the
// emulator), a saved card and auto top-up settings; PaymentIntent events; the attempt rows.
import { env } from 'cloudflare:test';
import { ensureCustomer } from '../../worker/accounts/customers';
import { type Card, storeCard, updateAutoTopup } from '../../worker/autotopup/settings';
import { stripeClient } from '../../worker/stripe/client';
import { type Account, grantCredits, signUp, testDb } from '../helpers';
import { event } from '../stripe-helpers';

export const db = testDb();
export const stripe = () => stripeClient(env);

export const FAKE_CARD: Card = {
  paymentMethodId: 'pm_saved_visa',
  brand: 'visa',
  last4: '4242',
  expMonth: 12,
  expYear: 2034,
};

export interface TopupSetup {
  credits?: number;
  threshold?: number;
  packId?: string;
  limit?: number;
  card?: Card | null;
  enabled?: boolean;
}

/** A user with `credits` (a grant), a Customer, a saved card and auto top-up on (by default). */
export async function topupUser(setup: TopupSetup = {}, now = Date.now()): Promise<Account> {
  const user = await signUp();
  if (setup.credits) await grantCredits(user.id, setup.credits);
  await ensureCustomer(db, stripe().customers, user);
  if (setup.card !== null) await storeCard(db, user.id, setup.card ?? FAKE_CARD, now);
  const result = await updateAutoTopup(
    db,
    user.id,
    {
      enabled: setup.enabled ?? true,
      thresholdCredits: setup.threshold ?? 100,
      packId: setup.packId ?? 'starter',
      monthlyLimitCents: setup.limit ?? 5_000,
    },
    now,
  );
  if (result.outcome !== 'updated') throw new Error(`settings refused: ${result.outcome}`);
  return user;
}

export interface AttemptRow {
  id: string;
  status: string;
  payment_intent_id: string | null;
  failure_code: string | null;
  amount_cents: number;
  credits: number;
  month: string;
  sent_at: number | null;
}

export async function attemptsOf(userId: string): Promise<AttemptRow[]> {
  const { results } = await env.DB.prepare(
    'SELECT * FROM auto_topup_attempts WHERE user_id = ? ORDER BY created_at, rowid',
  )
    .bind(userId)
    .all<AttemptRow>();
  return results;
}

export async function settingsOf(userId: string) {
  return env.DB.prepare('SELECT * FROM auto_topup_settings WHERE user_id = ?')
    .bind(userId)
    .first<{ status: string; consecutive_declines: number; retry_after: number | null; paused_until: number | null }>();
}

/** The user's top-up credits: `purchase` entries referenced by a PaymentIntent. */
export async function topupCredits(userId: string) {
  const { results } = await env.DB.prepare(
    "SELECT delta, reference FROM ledger_entries WHERE user_id = ? AND kind = 'purchase' AND reference LIKE 'pi_%'",
  )
    .bind(userId)
    .all<{ delta: number; reference: string }>();
  return results;
}

let n = 0;
export const piId = () => `pi_test_${Date.now()}_${++n}`;

/** A `payment_intent.*` event for an auto top-up attempt, as Stripe sends it. */
export function intentEvent(
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed',
  intent: { id: string; amount?: number; attemptId?: string; userId: string; code?: string; declineCode?: string },
) {
  const amount = intent.amount ?? 1_000;
  return event(type, {
    id: intent.id,
    object: 'payment_intent',
    amount,
    amount_received: type === 'payment_intent.succeeded' ? amount : 0,
    currency: 'usd',
    status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
    metadata: {
      userId: intent.userId,
      packId: 'starter',
      autoTopup: 'true',
      ...(intent.attemptId ? { attemptId: intent.attemptId } : {}),
    },
    last_payment_error:
      type === 'payment_intent.payment_failed'
        ? { code: intent.code ?? 'card_declined', decline_code: intent.declineCode ?? null }
        : null,
  });
}
