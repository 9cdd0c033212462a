// Events: recording them, signing them like Stripe, and delivering them with Stripe's retries (shortened) and chosen faults.
import { createHmac } from 'node:crypto';
import { buildEvent, type EventRequest, NO_REQUEST, newId, type StripeEvent, unixNow } from '../objects/objects';
import type { Scheduler } from './scheduler';
import type { EmulatorStore, EventRecord, PendingDelivery } from './store';

export interface DeliveryOptions {
  /** Wait before the first attempt of each event, so the redirect beats the webhook as it often does in production. */
  delayMs: number;
  /** Extra copies of each delivery, same event id. */
  duplicates: number;
  /** Deliver each batch (events emitted within delayMs of the first pending one) in random order. */
  shuffle: boolean;
  /** Probability (0..1) that an event is never delivered. */
  dropRate: number;
  /** Retry after a non-2xx answer or a network error: base, 2×base, 4×base… */
  retryBaseMs: number;
  maxAttempts: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  delayMs: 1000,
  duplicates: 0,
  shuffle: false,
  dropRate: 0,
  retryBaseMs: 500,
  maxAttempts: 5,
};

/** Settings that can change while the emulator runs (POST /_emulator/config). */
export interface DeliverySettings {
  /** Empty: events are recorded but never sent. */
  webhookUrl: string;
  delivery: DeliveryOptions;
}

const ATTEMPT_TIMEOUT_MS = 10_000;

/** The `Stripe-Signature` header for `payload`: `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">`. */
export function stripeSignatureHeader(secret: string, payload: string, timestamp = unixNow()): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface EmitOptions {
  previousAttributes?: Record<string, unknown>;
  request?: EventRequest;
  /** The checkout session the event concerns, so held events can be released per session. */
  sessionId?: string;
  /** Record the event without sending it (a payment made with deliverWebhooks: false). */
  hold?: boolean;
}

export class WebhookDispatcher {
  /** Deliveries waiting for the shuffled batch to be flushed. */
  private batch: PendingDelivery[] = [];

  constructor(
    private readonly store: EmulatorStore,
    private readonly scheduler: Scheduler,
    private readonly settings: DeliverySettings,
    private readonly webhookSecret: string,
    private readonly log: (line: string) => void,
    /** Told after every change to events and pending deliveries, so the state file follows. */
    private readonly changed: () => void = () => {},
  ) {}

  /** Records an event about `object` and schedules its delivery according to the current settings. */
  emit(type: string, object: unknown, options: EmitOptions = {}): StripeEvent {
    const configured = this.settings.webhookUrl !== '';
    const event = buildEvent({
      type,
      object,
      previousAttributes: options.previousAttributes,
      request: options.request ?? NO_REQUEST,
      pendingWebhooks: configured ? 1 : 0,
    });
    const record: EventRecord = {
      event,
      payload: JSON.stringify(event),
      sessionId: options.sessionId ?? null,
      delivery: !configured ? 'not_configured' : options.hold ? 'held' : 'scheduled',
    };
    this.store.events.set(event.id, record);
    this.changed();
    this.log(
      `event ${type} ${event.id}${record.delivery === 'scheduled' ? '' : ` (${record.delivery.replace('_', ' ')})`}`,
    );
    if (record.delivery === 'scheduled') this.schedule(record);
    return event;
  }

  /** Sends the events held back for one session (or for all sessions); returns how many. */
  deliverHeld(sessionId?: string): number {
    let released = 0;
    for (const record of this.store.events.values()) {
      if (record.delivery !== 'held' || (sessionId !== undefined && record.sessionId !== sessionId)) continue;
      this.store.events.touch(record.event.id); // found by iterating, changed in place
      record.delivery = 'scheduled';
      this.schedule(record);
      released++;
    }
    return released;
  }

  /** Sends an already recorded event again, as `stripe events resend` does. */
  redeliver(record: EventRecord): void {
    record.delivery = 'scheduled';
    this.schedule(record);
  }

  /** Forgets the pending shuffled batch; the scheduler has already cancelled its timers. */
  reset(): void {
    this.batch = [];
  }

  /**
   * Restarts the timers of deliveries that were pending when the state was saved (a restart): each
   * goes out when it was due, or at once if that time has passed, as Stripe keeps retrying across
   * its own restarts. Returns how many.
   */
  resume(): number {
    const epoch = this.scheduler.epoch;
    const pending = [...this.store.pendingDeliveries.values()].sort((a, b) => a.dueAt - b.dueAt);
    for (const delivery of pending) this.later(delivery.dueAt - Date.now(), () => this.attempt(delivery, epoch));
    return pending.length;
  }

  private schedule(record: EventRecord): void {
    const options = this.settings.delivery;
    if (Math.random() < options.dropRate) {
      record.delivery = 'dropped';
      this.changed();
      this.log(`  dropped ${record.event.id} (dropRate ${options.dropRate})`);
      return;
    }
    const dueAt = Date.now() + options.delayMs;
    const copies = Array.from({ length: 1 + options.duplicates }, (_, copy): PendingDelivery => {
      const delivery = { id: newId('whd_'), eventId: record.event.id, copy, attempt: 1, dueAt };
      this.store.pendingDeliveries.set(delivery.id, delivery);
      return delivery;
    });
    this.changed();
    const epoch = this.scheduler.epoch;
    if (!options.shuffle) {
      for (const delivery of copies) this.later(options.delayMs, () => this.attempt(delivery, epoch));
      return;
    }
    const startBatch = this.batch.length === 0;
    this.batch.push(...copies);
    if (startBatch) this.later(options.delayMs, () => this.flushBatch(epoch));
  }

  private async flushBatch(epoch: number): Promise<void> {
    const batch = shuffled(this.batch);
    this.batch = [];
    // One after another, so the shuffled order is the order in which the receiver sees them.
    for (const delivery of batch) await this.attempt(delivery, epoch);
  }

  private async attempt(delivery: PendingDelivery, epoch: number): Promise<void> {
    const url = this.settings.webhookUrl;
    if (url === '' || epoch !== this.scheduler.epoch) return;
    const record = this.store.events.get(delivery.eventId);
    if (!record || this.store.pendingDeliveries.get(delivery.id) !== delivery) return;
    const { attempt } = delivery;
    const { event, payload } = record;
    const started = Date.now();
    let status = 0;
    let error: string | undefined;
    try {
      status = await this.scheduler.request(ATTEMPT_TIMEOUT_MS, async (signal) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            // Signed afresh on every attempt, as Stripe does: the timestamp must pass the receiver's tolerance.
            'Stripe-Signature': stripeSignatureHeader(this.webhookSecret, payload),
          },
          body: payload,
          signal,
        });
        await response.arrayBuffer(); // read to the end so the connection can be reused
        return response.status;
      });
    } catch (cause) {
      error =
        cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
    }
    // Reset or stopped while the request was in flight: record nothing; a stop leaves the delivery
    // pending in the saved state, so the next start sends it again (at least once, like Stripe).
    if (epoch !== this.scheduler.epoch) return;
    const ok = status >= 200 && status < 300;
    const finished = Date.now();
    this.store.deliveries.push({
      eventId: event.id,
      type: event.type,
      attempt,
      copy: delivery.copy,
      status,
      at: finished,
      durationMs: finished - started,
      ...(error === undefined ? {} : { error }),
    });
    const copyLabel = delivery.copy > 0 ? ` copy ${delivery.copy}` : '';
    this.log(
      `  → ${event.type} ${event.id}${copyLabel} attempt ${attempt}: ${status || error} (${finished - started} ms)`,
    );
    const { maxAttempts, retryBaseMs } = this.settings.delivery;
    if (!ok && attempt < maxAttempts) {
      const waitMs = retryBaseMs * 2 ** (attempt - 1);
      delivery.attempt = attempt + 1;
      delivery.dueAt = finished + waitMs;
      this.store.pendingDeliveries.touch(delivery.id); // a save may have run while the request was out
      this.later(waitMs, () => this.attempt(delivery, epoch));
    } else {
      this.store.pendingDeliveries.delete(delivery.id);
    }
    this.changed();
  }

  private later(ms: number, task: () => Promise<void>): void {
    this.scheduler.after(ms, task, (error) => this.log(`webhook delivery failed unexpectedly: ${String(error)}`));
  }
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
