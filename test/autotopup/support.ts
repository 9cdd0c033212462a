// Helpers for the auto top-up tests: a signed-up user with credits, a Stripe Customer (on the
// emulator), a saved card and auto top-up settings; PaymentIntent events; the attempt rows.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { ensureCustomer, storedCustomerId } from '../../worker/accounts/customers';
import { type StartResult, startAttempt } from '../../worker/autotopup/attempts';
import { type Card, storeCard, updateAutoTopup } from '../../worker/autotopup/settings';
import { stripeClient } from '../../worker/stripe/client';
import { type Account, api, grantCredits, signUp, testDb } from '../helpers';
import { deliver, emulator, event } from '../stripe-helpers';

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

/** Saves a real card on the emulator through the app's setup Checkout, and delivers its completion. */
export async function saveCard(user: Account, card = '4242424242424242'): Promise<void> {
  const res = await api('/api/auto-topup/card', { method: 'POST', cookie: user.cookie, body: {} });
  expect(res.status).toBe(201);
  const { sessionId, url } = (await res.json()) as { sessionId: string; url: string };
  expect(url).toMatch(/^http/);
  const paid = await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ card, deliverWebhooks: false }),
  });
  expect(paid.status).toBe(200);
  const session = (await paid.json()) as Record<string, unknown>;
  expect((await deliver(event('checkout.session.completed', session))).status).toBe(200);
}

/** Turns auto top-up on (or changes it) through the API. */
export async function putSettings(user: Account, body: Record<string, unknown>) {
  return api('/api/auto-topup', {
    method: 'PUT',
    cookie: user.cookie,
    body: { enabled: true, thresholdCredits: 100, packId: 'starter', monthlyLimitCents: 5_000, ...body },
  });
}

/** A user with a real saved card on the emulator (no settings yet) and `credits`. */
export async function cardUser(credits: number, card?: string): Promise<Account> {
  const user = await signUp();
  if (credits) await grantCredits(user.id, credits);
  await saveCard(user, card);
  return user;
}

/**
 * A user with a real saved card and no credits, auto top-up on (saved directly, not through PUT, so
 * the room runs no attempt of its own) and one attempt started at `now`, not yet sent: the test drives it.
 */
export async function startedAttempt(
  now = Date.now(),
): Promise<{ user: Account; started: Extract<StartResult, { attempt: unknown }> }> {
  const user = await cardUser(0);
  const on = { enabled: true, thresholdCredits: 1, packId: 'starter', monthlyLimitCents: 5_000 };
  const saved = await updateAutoTopup(db, user.id, on, now);
  if (saved.outcome !== 'updated') throw new Error(`settings refused: ${saved.outcome}`);
  const started = await startAttempt(db, user.id, now);
  if (started.outcome !== 'started') throw new Error(`no attempt started: ${started.outcome}`);
  return { user, started };
}

/** The PaymentIntents the emulator made for this user's Customer (one `payment_intent.*` event each). */
export async function intentsOf(userId: string): Promise<Set<string>> {
  const customer = await storedCustomerId(db, userId);
  const { events } = (await (await emulator('/_emulator/events')).json()) as {
    events: { type: string; data: { object: { id: string; customer?: string } } }[];
  };
  return new Set(
    events
      .filter((e) => e.type.startsWith('payment_intent.') && e.data.object.customer === customer)
      .map((e) => e.data.object.id),
  );
}

/** Makes the user's saved card behave as another test card from now on. */
export async function cardBehavesAs(userId: string, card: string) {
  const row = await env.DB.prepare('SELECT payment_method_id FROM auto_topup_settings WHERE user_id = ?')
    .bind(userId)
    .first<{ payment_method_id: string }>();
  const res = await emulator(`/_emulator/payment_methods/${row?.payment_method_id}/card`, {
    method: 'POST',
    body: JSON.stringify({ card }),
  });
  expect(res.status).toBe(200);
}
