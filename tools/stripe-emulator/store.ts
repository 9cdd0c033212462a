// The emulator's state: the Stripe objects it made, its events, the delivery log, idempotent replies and the work still due (persistence.ts saves it).
import type { Charge, CheckoutSession, Dispute, LineItem, PaymentIntent, Refund, StripeEvent } from './objects';

export interface SessionRecord {
  session: CheckoutSession;
  lineItems: LineItem[];
  /** Merged over the session's metadata on the payment intent and charge (Stripe's payment_intent_data). */
  paymentIntentData: { metadata: Record<string, string>; description: string | null };
  /** Set by a payment made with deliverWebhooks: false; every later event about this session is held too. */
  holdWebhooks: boolean;
}

export interface EventRecord {
  event: StripeEvent;
  /** The exact JSON sent, built once so every attempt and duplicate carries the same bytes. */
  payload: string;
  /** The checkout session the event is about, for delivering held events per session. */
  sessionId: string | null;
  delivery: 'scheduled' | 'held' | 'dropped' | 'not_configured';
}

export interface DeliveryAttempt {
  eventId: string;
  type: string;
  /** 1 for the first try of a copy, rising with each retry. */
  attempt: number;
  /** 0 for the original delivery, 1..n for the duplicates asked for by `duplicates`. */
  copy: number;
  /** The HTTP status, or 0 when the request failed (refused, reset, timed out). */
  status: number;
  /** Unix time in milliseconds when the attempt finished. */
  at: number;
  durationMs: number;
  error?: string;
}

export interface IdempotentReply {
  /** Method, path and body of the first request; the same key with other parameters is an error. */
  fingerprint: string;
  /** Undefined while the first request is still running. */
  response?: { status: number; body: string };
}

/** One copy of an event still to be sent (first try or a retry): the scheduler's timer is rebuilt from it after a restart. */
export interface PendingDelivery {
  id: string;
  eventId: string;
  copy: number;
  /** The attempt this will be: 1 for the first try. */
  attempt: number;
  /** Unix time in milliseconds when it is due. */
  dueAt: number;
}

/** A bank transfer that settles at `dueAt` (Unix ms). */
export interface PendingSettlement {
  sessionId: string;
  paymentIntentId: string;
  outcome: 'succeeded' | 'failed';
  email: string;
  name: string | null;
  dueAt: number;
}

export class EmulatorStore {
  // Maps keep insertion order, which is creation order: lists read them backwards for newest first.
  readonly sessions = new Map<string, SessionRecord>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly disputes = new Map<string, Dispute>();
  readonly events = new Map<string, EventRecord>();
  readonly deliveries: DeliveryAttempt[] = [];
  readonly idempotentReplies = new Map<string, IdempotentReply>();
  /** Keyed by PendingDelivery.id; an entry stays until its attempt has finished, so a crash mid-request retries it. */
  readonly pendingDeliveries = new Map<string, PendingDelivery>();
  /** Keyed by payment intent id. */
  readonly pendingSettlements = new Map<string, PendingSettlement>();

  reset(): void {
    this.sessions.clear();
    this.paymentIntents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.disputes.clear();
    this.events.clear();
    this.deliveries.length = 0;
    this.idempotentReplies.clear();
    this.pendingDeliveries.clear();
    this.pendingSettlements.clear();
  }
}
