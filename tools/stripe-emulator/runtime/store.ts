// The emulator's state: the Stripe objects it made, its events, the delivery log, idempotent replies and the work still due (persistence.ts saves it).
import type {
  Customer,
  PaymentMethod,
  PortalConfiguration,
  PortalSession,
  Price,
  Product,
  TestClock,
} from '../objects/billing-objects';
import type { SetupIntent } from '../objects/intent-objects';
import type {
  Charge,
  CheckoutSession,
  Dispute,
  LineItem,
  PaymentIntent,
  Refund,
  StripeEvent,
} from '../objects/objects';
import type { Invoice, InvoicePayment, Subscription } from '../objects/subscription-objects';

export interface SessionRecord {
  session: CheckoutSession;
  lineItems: LineItem[];
  /** Merged over the session's metadata on the payment intent and charge (Stripe's payment_intent_data). */
  paymentIntentData: {
    metadata: Record<string, string>;
    description: string | null;
    /** Set: paying also saves the card on the customer (made then if the session named none). */
    setupFutureUsage?: 'on_session' | 'off_session';
  };
  /** Set by a payment made with deliverWebhooks: false; every later event about this session is held too. */
  holdWebhooks: boolean;
  /** mode=subscription: `subscription_data[metadata]` for the subscription the payment starts. */
  subscriptionData?: { metadata: Record<string, string> };
}

/**
 * A saved card and the test card it behaves as: the number decides whether later charges fail (0341, 3184, a
 * declining card); `POST /_emulator/payment_methods/{id}/card` changes it.
 */
export interface PaymentMethodRecord {
  paymentMethod: PaymentMethod;
  digits: string;
  /** Detached from its customer: Stripe never lets such a card be used or attached again. */
  detached?: true;
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

/**
 * A Map that remembers which keys may have changed since the state file last saved them, so a save
 * re-serialises only those. Objects are changed in place after being fetched, so `get` counts as a
 * possible change too; code that changes an entry it found by iterating calls `touch`.
 */
export class TrackedMap<V> extends Map<string, V> {
  readonly dirty = new Set<string>();
  /** Set by clear(): the saved copy of every entry is stale. */
  cleared = false;

  override set(key: string, value: V): this {
    this.dirty?.add(key); // undefined while Map's constructor runs
    return super.set(key, value);
  }

  override get(key: string): V | undefined {
    if (super.has(key)) this.dirty.add(key);
    return super.get(key);
  }

  override delete(key: string): boolean {
    this.dirty.add(key);
    return super.delete(key);
  }

  override clear(): void {
    this.cleared = true;
    this.dirty.clear();
    super.clear();
  }

  touch(key: string): void {
    this.dirty.add(key);
  }
}

export class EmulatorStore {
  // Maps keep insertion order, which is creation order: lists read them backwards for newest first.
  readonly sessions = new TrackedMap<SessionRecord>();
  readonly paymentIntents = new TrackedMap<PaymentIntent>();
  readonly charges = new TrackedMap<Charge>();
  readonly refunds = new TrackedMap<Refund>();
  readonly disputes = new TrackedMap<Dispute>();
  readonly events = new TrackedMap<EventRecord>();
  readonly deliveries: DeliveryAttempt[] = [];
  readonly idempotentReplies = new TrackedMap<IdempotentReply>();
  /** Keyed by PendingDelivery.id; an entry stays until its attempt has finished, so a crash mid-request retries it. */
  readonly pendingDeliveries = new TrackedMap<PendingDelivery>();
  /** Keyed by payment intent id. */
  readonly pendingSettlements = new TrackedMap<PendingSettlement>();
  // Billing: customers, the catalogue, subscriptions and their invoices, clocks and the portal.
  readonly customers = new TrackedMap<Customer>();
  readonly products = new TrackedMap<Product>();
  readonly prices = new TrackedMap<Price>();
  readonly paymentMethods = new TrackedMap<PaymentMethodRecord>();
  readonly setupIntents = new TrackedMap<SetupIntent>();
  readonly subscriptions = new TrackedMap<Subscription>();
  readonly invoices = new TrackedMap<Invoice>();
  /** Keyed by invoice payment id; one per invoice (its payment intent is reused by retries). */
  readonly invoicePayments = new TrackedMap<InvoicePayment>();
  readonly testClocks = new TrackedMap<TestClock>();
  readonly portalSessions = new TrackedMap<PortalSession>();
  readonly portalConfigurations = new TrackedMap<PortalConfiguration>();

  reset(): void {
    for (const map of [
      this.customers,
      this.products,
      this.prices,
      this.paymentMethods,
      this.setupIntents,
      this.subscriptions,
      this.invoices,
      this.invoicePayments,
      this.testClocks,
      this.portalSessions,
      this.portalConfigurations,
    ]) {
      map.clear();
    }
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
