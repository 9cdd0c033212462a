// One auto top-up run for one user (driven by the user's BalanceRoom, one run at a time): start or
// resume the attempt (attempts.ts), mark it sent unless auto top-up was turned off meanwhile, send
// ONE off-session PaymentIntent with the attempt's idempotency key, and settle from Stripe's answer
// (settle.ts). A transient failure (network, Stripe 5xx) leaves the attempt pending and throws: the
// room retries, resending the same key, so Stripe charges once; reconciliation is the safety net.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { OnCommit } from '../ledger/commit';
import type { Stripe, StripeClient } from '../stripe/client';
import { type Attempt, startAttempt } from './attempts';
import type { PauseMailer } from './pause-mail';
import { settleFailed, settleSucceeded } from './settle';

export type RunOutcome =
  | 'not_needed'
  | 'not_allowed'
  | 'limit_reached'
  | 'turned_off'
  | 'credited'
  | 'already_settled'
  | 'failed'
  | 'processing';

export interface ChargeInput {
  attempt: Attempt;
  customerId: string;
  paymentMethodId: string;
}

/** The PaymentIntent of an attempt, sent (or re-sent: the same key gets Stripe's first answer). */
export function createIntent(
  stripe: StripeClient,
  { attempt, customerId, paymentMethodId }: ChargeInput,
): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return stripe.paymentIntents.create(
    {
      amount: attempt.amount_cents,
      currency: attempt.currency,
      customer: customerId,
      payment_method: paymentMethodId,
      off_session: true,
      confirm: true,
      metadata: { userId: attempt.user_id, packId: attempt.pack_id, autoTopup: 'true', attemptId: attempt.id },
    },
    { idempotencyKey: attempt.idempotency_key },
  );
}

/**
 * Stripe's final "no" — a card error, or a request it refuses (the saved card was detached, the
 * customer deleted) — with its code and PaymentIntent; null for what is transient (network, 5xx,
 * rate limits), which is retried. A refused request counts as a decline: retried after an hour,
 * paused after three, never every few seconds.
 */
export function cardFailure(err: unknown): { code: string; paymentIntent: string | null } | null {
  const e = err as { type?: unknown; code?: unknown; payment_intent?: { id?: unknown } };
  if (e?.type !== 'StripeCardError' && e?.type !== 'StripeInvalidRequestError') return null;
  // Stripe's `code` (`card_declined`, `authentication_required`, `expired_card`…): the reasons API.md names.
  const code = typeof e.code === 'string' ? e.code : 'card_declined';
  const pi = typeof e.payment_intent?.id === 'string' ? e.payment_intent.id : null;
  return { code, paymentIntent: pi };
}

/** Sends the attempt and settles it from the answer. */
export async function chargeAttempt(
  db: Db,
  stripe: StripeClient,
  onCommit: OnCommit,
  input: ChargeInput,
  now: number,
  /** Where a pause notice goes (pause-mail.ts); absent, no email. */
  mailer?: PauseMailer,
): Promise<RunOutcome> {
  const { attempt } = input;
  // The last moment to stop: once sent_at is set the attempt may reach Stripe, and turning auto
  // top-up off no longer cancels it (D1 orders this UPDATE and the PUT's cancel).
  const [sent] = await db.all<{ id: string }>(
    sql`UPDATE auto_topup_attempts SET sent_at = COALESCE(sent_at, ${now})
      WHERE id = ${attempt.id} AND status = 'pending'
        AND (sent_at IS NOT NULL OR EXISTS (SELECT 1 FROM auto_topup_settings s
          WHERE s.user_id = auto_topup_attempts.user_id AND s.enabled = 1))
      RETURNING id`,
  );
  if (!sent) return 'turned_off';
  let intent: Awaited<ReturnType<typeof createIntent>>;
  try {
    intent = await createIntent(stripe, input);
  } catch (err) {
    const failure = cardFailure(err);
    if (!failure) throw err;
    await settleFailed(
      db,
      { attemptId: attempt.id, paymentIntent: failure.paymentIntent },
      failure.code,
      undefined,
      now,
      mailer,
    );
    return 'failed';
  }
  if (intent.status === 'succeeded') {
    const result = await settleSucceeded(
      db,
      onCommit,
      {
        id: intent.id,
        amount: intent.amount_received || intent.amount,
        currency: intent.currency,
        attemptId: attempt.id,
      },
      undefined,
      now,
    );
    return result.outcome === 'credited' ? 'credited' : 'already_settled';
  }
  // Not final yet (processing): remember the PaymentIntent; its webhook or reconciliation settles it.
  await db.run(sql`UPDATE auto_topup_attempts SET payment_intent_id = ${intent.id}
    WHERE id = ${attempt.id} AND payment_intent_id IS NULL`);
  return 'processing';
}

/** One run: start (or resume) the user's attempt and charge it. */
export async function runAutoTopup(
  db: Db,
  stripe: StripeClient,
  onCommit: OnCommit,
  userId: string,
  now: number,
  mailer?: PauseMailer,
): Promise<RunOutcome> {
  const started = await startAttempt(db, userId, now, mailer);
  if (started.outcome !== 'started' && started.outcome !== 'resumed') return started.outcome;
  return chargeAttempt(db, stripe, onCommit, started, now, mailer);
}
