// The Stripe emulator's test controls (/_emulator, JSON, no auth), as the e2e tests use them:
// per-test delivery settings (restored afterwards), events and delivery records, redelivery.
import { expect } from 'vitest';
import type { DeliveryAttempt } from '../tools/stripe-emulator/runtime/store';
import type { EmulatorConfig } from './global-setup';

export interface EmulatedEvent {
  id: string;
  type: string;
  data: { object: { id: string; object: string; payment_status?: string } };
}

/** One webhook attempt, as `GET /_emulator/deliveries` lists it. */
export type Delivery = DeliveryAttempt;

export type DeliverySettings = Partial<Omit<EmulatorConfig, 'webhookUrl'>>;

export class Emulator {
  constructor(
    readonly url: string,
    private readonly defaults: EmulatorConfig,
  ) {}

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** The start-up settings with `overrides` on top: each test states everything it depends on. */
  configure(overrides: DeliverySettings = {}): Promise<EmulatorConfig> {
    const { webhookUrl: _unchanged, ...defaults } = this.defaults;
    return this.call('POST', '/config', { ...defaults, ...overrides });
  }

  restoreDefaults(): Promise<EmulatorConfig> {
    return this.call('POST', '/config', this.defaults);
  }

  async events(type?: string): Promise<EmulatedEvent[]> {
    const query = type ? `?type=${encodeURIComponent(type)}` : '';
    return (await this.call<{ events: EmulatedEvent[] }>('GET', `/events${query}`)).events;
  }

  /** Events about one Checkout Session, oldest first. */
  async sessionEvents(sessionId: string, type?: string): Promise<EmulatedEvent[]> {
    return (await this.events(type)).filter((event) => event.data.object.id === sessionId).reverse();
  }

  /** Waits until the emulator has emitted (recorded) an event of `type` for the session. */
  async waitForSessionEvent(sessionId: string, type: string, timeout = 15_000): Promise<EmulatedEvent> {
    let found: EmulatedEvent | undefined;
    await expect
      .poll(async () => (found = (await this.sessionEvents(sessionId, type))[0]), { timeout, interval: 100 })
      .toBeDefined();
    return found!;
  }

  async deliveries(eventId: string): Promise<Delivery[]> {
    return (await this.call<{ deliveries: Delivery[] }>('GET', `/deliveries?eventId=${encodeURIComponent(eventId)}`))
      .deliveries;
  }

  /** Waits until the Worker has answered a delivery of the event with a 2xx; returns that delivery. */
  async waitForAcceptedDelivery(eventId: string, timeout = 15_000): Promise<Delivery> {
    let accepted: Delivery | undefined;
    await expect
      .poll(async () => (accepted = (await this.deliveries(eventId)).find((d) => d.status >= 200 && d.status < 300)), {
        timeout,
        interval: 50,
      })
      .toBeDefined();
    return accepted!;
  }

  /** Sends a recorded event (again), with the current delivery settings. */
  deliverEvent(eventId: string): Promise<{ scheduled: string }> {
    return this.call('POST', `/events/${encodeURIComponent(eventId)}/deliver`);
  }
}
