// Shared by the emulator's tests: an emulator on a free port, a Stripe SDK pointed at it, and a webhook receiver.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from './server';

export const SECRET_KEY = 'sk_test_emulator_tests_4eC39HqLyjWDarjtT1zdp7dc';
export const WEBHOOK_SECRET = 'whsec_emulator_tests_5b2c0f8e7d6a';

export interface TestEmulator {
  emulator: RunningEmulator;
  stripe: Stripe;
  /** Calls a /_emulator control endpoint with a JSON body. */
  control<T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export function stripeFor(emulator: RunningEmulator, secretKey = SECRET_KEY): Stripe {
  return new Stripe(secretKey, {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    httpClient: Stripe.createFetchHttpClient(),
    timeout: 5000,
    // A retried request would hide what the emulator answered the first time.
    maxNetworkRetries: 0,
  });
}

/** An emulator that sends nowhere unless told, delivers at once and retries fast. */
export async function startTestEmulator(overrides: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({
    port: 0,
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    webhookUrl: '',
    asyncSettleMs: 30,
    log: () => {},
    ...overrides,
    delivery: { delayMs: 0, retryBaseMs: 20, ...overrides.delivery },
  });
  return {
    emulator,
    stripe: stripeFor(emulator),
    async control<T>(method: 'GET' | 'POST', path: string, body?: unknown) {
      const response = await fetch(`${emulator.url}/_emulator${path}`, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    close: () => emulator.close(),
  };
}

/** The parameters the app sends for one 1,000-credit pack. */
export function packSessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: { currency: 'usd', unit_amount: 1000, product_data: { name: '1,000 credits' } },
        quantity: 1,
      },
    ],
    success_url: 'http://127.0.0.1:8787/en/payment/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://127.0.0.1:8787/en/buy',
    client_reference_id: 'user_42',
    metadata: { packId: 'pack_1000', userId: 'user_42' },
    ...overrides,
  };
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  event: {
    id: string;
    type: string;
    data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  };
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/** A local HTTP server standing in for the app's webhook route; `status` decides each answer (default 200). */
export async function startWebhookReceiver(status: (index: number) => number = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const code = status(received.length);
      received.push({ headers: request.headers, body, event: JSON.parse(body), at: Date.now() });
      response.writeHead(code, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/webhooks/stripe`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Registers the hooks that run an emulator posting its webhooks to a receiver: a fresh pair for each
 * test (`per-test`), or one for the file whose receiver is emptied before each test (`per-file`).
 * The `t` and `receiver` it returns are the same objects throughout; each start fills in their fields,
 * so a file takes them once at the top (`const { t, receiver } = emulatorWithReceiver(...)`).
 */
export function emulatorWithReceiver(lifetime: 'per-test' | 'per-file'): {
  t: TestEmulator;
  receiver: WebhookReceiver;
} {
  const pair = { t: {} as TestEmulator, receiver: {} as WebhookReceiver };
  const start = async () => {
    const receiver = await startWebhookReceiver();
    Object.assign(pair.receiver, receiver);
    Object.assign(pair.t, await startTestEmulator({ webhookUrl: receiver.url }));
  };
  // Optional calls: a start that failed has nothing to close.
  const stop = async () => {
    await pair.t.close?.();
    await pair.receiver.close?.();
  };
  if (lifetime === 'per-test') {
    beforeEach(start);
    afterEach(stop);
    return pair;
  }
  beforeAll(start);
  afterAll(stop);
  beforeEach(() => {
    if (pair.receiver.received) pair.receiver.received.length = 0;
  });
  return pair;
}

/** A $10 off-session charge of a customer's saved card, confirmed at once (the auto top-up's call). */
export function offSessionCharge(t: TestEmulator, customer: string, paymentMethod: string) {
  return t.stripe.paymentIntents.create({
    amount: 1000,
    currency: 'usd',
    customer,
    payment_method: paymentMethod,
    off_session: true,
    confirm: true,
  });
}

type Falsy = undefined | null | false;

/** Polls until `check` returns (or resolves to) something truthy, failing after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Falsy | Promise<T | Falsy>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A POST to /v1 with a form body written by hand, for requests the typed SDK would not send. */
export async function rawStripePost(
  emulator: RunningEmulator,
  path: string,
  form: string,
  headers: Record<string, string> = { Authorization: `Bearer ${SECRET_KEY}` },
): Promise<{ status: number; body: RawStripeBody }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as RawStripeBody };
}

type RawStripeBody = { error?: { type: string; message: string; code?: string; param?: string } } & Record<
  string,
  unknown
>;
