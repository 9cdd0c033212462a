// Fulfilment: the one idempotent path from "Stripe says paid" to credits in the ledger, used by
// the webhook, the success page's status call and the reconciliation cron alike. Owns the
// checkout_sessions status and the stripe_events record; credits move only through worker/ledger.
import { type SQL, sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { CheckoutStatus } from '../db/schema';
import { type AppliedEntry, commit, type Ledger } from '../ledger/ledger';
import { disputeMove, disputeReversalMove, purchaseMove, refundMove } from '../ledger/moves';
import type { Stripe } from './stripe-client';

export type Outcome =
  | 'credited'
  | 'duplicate'
  | 'amount_mismatch'
  | 'unknown_session'
  | 'marked_processing'
  | 'marked_failed'
  | 'marked_expired'
  | 'clawed_back'
  | 'given_back'
  | 'not_applicable'
  | 'ignored';

export interface EventRef {
  id: string;
  type: string;
}

export interface FulfilResult {
  outcome: Outcome;
  /** The entries this call applied (none for a duplicate). */
  entries: AppliedEntry[];
  /** The session row's status after the call, when the session is ours. */
  status?: CheckoutStatus;
  userId?: string;
}

const now = () => Date.now();

/** Records a processed event id in the same batch as its effects (once per event id). */
function recordEvent(event: EventRef | undefined, objectId: string): SQL[] {
  if (!event) return [];
  return [
    sql`INSERT INTO stripe_events (id, type, object_id) VALUES (${event.id}, ${event.type}, ${objectId})
        ON CONFLICT (id) DO NOTHING`,
  ];
}

const sessionRow = (sessionId: string) =>
  sql`SELECT user_id, status, amount, currency FROM checkout_sessions WHERE id = ${sessionId}`;

interface SessionRowLite {
  user_id: string;
  status: CheckoutStatus;
  amount: number;
  currency: string;
}

/**
 * Brings our record of a Checkout Session in line with Stripe's object: credits a paid session
 * (once), marks an async one processing, an expired one expired. One D1 batch, so a failure
 * leaves nothing half-written and a retry simply runs it again.
 */
export async function fulfilCheckoutSession(
  ledger: Ledger,
  session: Pick<
    Stripe.Checkout.Session,
    'id' | 'status' | 'payment_status' | 'amount_total' | 'currency' | 'payment_intent'
  >,
  event?: EventRef,
): Promise<FulfilResult> {
  const paid = session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
  if (session.status === 'complete' && paid) return creditSession(ledger, session, event);
  if (session.status === 'complete') return markSession(ledger, session.id, 'processing', ['open'], event);
  if (session.status === 'expired') return markSession(ledger, session.id, 'expired', ['open'], event);
  return { outcome: 'ignored', entries: [] };
}

async function creditSession(
  ledger: Ledger,
  session: Pick<Stripe.Checkout.Session, 'id' | 'amount_total' | 'currency' | 'payment_intent'>,
  event?: EventRef,
): Promise<FulfilResult> {
  const paidAmount = session.amount_total ?? -1;
  const paidCurrency = (session.currency ?? '').toLowerCase();
  const paymentIntent =
    typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
  const matches = sql`amount = ${paidAmount} AND currency = ${paidCurrency}`;
  const { applied, results } = await commit(
    ledger,
    [purchaseMove(session.id, { amount: paidAmount, currency: paidCurrency })],
    [
      // What was paid must be what we sold; anything else is recorded as failed, not credited.
      sql`UPDATE checkout_sessions
          SET status = CASE WHEN ${matches} THEN 'credited' ELSE 'failed' END,
              payment_intent = COALESCE(${paymentIntent}, payment_intent), updated_at = ${now()}
          WHERE id = ${session.id} AND status IN ('open', 'processing')`,
      ...recordEvent(event, session.id),
      sessionRow(session.id),
    ],
  );
  const row = results.at(-1)?.[0] as SessionRowLite | undefined;
  if (!row) return { outcome: 'unknown_session', entries: applied };
  const base = { entries: applied, status: row.status, userId: row.user_id };
  if (applied.length > 0) return { outcome: 'credited', ...base };
  if (row.amount !== paidAmount || row.currency !== paidCurrency) {
    console.error(
      JSON.stringify({
        msg: 'checkout_amount_mismatch',
        sessionId: session.id,
        expected: { amount: row.amount, currency: row.currency },
        paid: { amount: paidAmount, currency: paidCurrency },
      }),
    );
    return { outcome: 'amount_mismatch', ...base };
  }
  return { outcome: 'duplicate', ...base };
}

async function markSession(
  ledger: Ledger,
  sessionId: string,
  status: CheckoutStatus,
  from: CheckoutStatus[],
  event?: EventRef,
): Promise<FulfilResult> {
  const results = await runBatch<SessionRowLite>(ledger.db, [
    sql`UPDATE checkout_sessions SET status = ${status}, updated_at = ${now()}
        WHERE id = ${sessionId} AND status IN (${sql.join(
          from.map((s) => sql`${s}`),
          sql`, `,
        )})`,
    ...recordEvent(event, sessionId),
    sessionRow(sessionId),
  ]);
  const row = results.at(-1)?.[0];
  if (!row) return { outcome: 'unknown_session', entries: [] };
  const outcome: Outcome = row.status === status ? (`marked_${status}` as Outcome) : 'not_applicable';
  return { outcome, entries: [], status: row.status, userId: row.user_id };
}

/** Every Stripe event the app acts on. Unknown types are acknowledged and ignored. */
export async function handleStripeEvent(ledger: Ledger, event: Stripe.Event): Promise<FulfilResult> {
  const ref: EventRef = { id: event.id, type: event.type };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.expired':
      return fulfilCheckoutSession(ledger, event.data.object, ref);
    case 'checkout.session.async_payment_failed':
      return markSession(ledger, event.data.object.id, 'failed', ['open', 'processing'], ref);
    case 'charge.refunded': {
      const charge = event.data.object;
      const pi = idOf(charge.payment_intent);
      if (!pi) return { outcome: 'ignored', entries: [] };
      return clawback(
        ledger,
        ref,
        charge.id,
        [refundMove(pi, charge.amount_refunded)],
        [
          sql`UPDATE checkout_sessions
            SET amount_refunded = ${charge.amount_refunded},
                status = CASE WHEN ${charge.amount_refunded} >= amount THEN 'refunded' ELSE status END,
                updated_at = ${now()}
            WHERE payment_intent = ${pi} AND status IN ('credited', 'refunded')
              AND amount_refunded < ${charge.amount_refunded}`,
        ],
      );
    }
    case 'charge.dispute.created': {
      const dispute = event.data.object;
      const pi = idOf(dispute.payment_intent);
      if (!pi) return { outcome: 'ignored', entries: [] };
      return clawback(ledger, ref, dispute.id, [disputeMove(pi, dispute.id, dispute.amount)]);
    }
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      const pi = idOf(dispute.payment_intent);
      if (!pi || dispute.status !== 'won') {
        await runBatch(ledger.db, recordEvent(ref, dispute.id));
        return { outcome: 'ignored', entries: [] };
      }
      return clawback(ledger, ref, dispute.id, [
        disputeMove(pi, dispute.id, dispute.amount),
        disputeReversalMove(pi, dispute.id),
      ]);
    }
    default:
      return { outcome: 'ignored', entries: [] };
  }
}

async function clawback(
  ledger: Ledger,
  event: EventRef,
  objectId: string,
  moves: Parameters<typeof commit>[1],
  alongside: SQL[] = [],
): Promise<FulfilResult> {
  const { applied } = await commit(ledger, moves, [...alongside, ...recordEvent(event, objectId)]);
  const reversed = applied.some((e) => e.kind === 'dispute_reversal');
  return {
    outcome: applied.length === 0 ? 'not_applicable' : reversed ? 'given_back' : 'clawed_back',
    entries: applied,
    userId: applied[0]?.userId,
  };
}

function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}
