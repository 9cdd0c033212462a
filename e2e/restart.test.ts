// A crash of the whole dev stack mid-purchase loses nothing: purchases paid just before a SIGKILL of
// emulator + wrangler (webhooks in flight, delayed, held back, a bank transfer settling) are each
// credited exactly once after a restart on the same state, by resumed deliveries and the cron.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type DevStack, startDevStack } from '../tools/dev-stack';
import type { DeliveryAttempt } from '../tools/stripe-emulator/runtime/store';

const SECRET_KEY = 'sk_test_creditcast_restart';
const WEBHOOK_SECRET = 'whsec_creditcast_restart';
const USERS = 3;
const PACK = { id: 'starter', credits: 1_000 };

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

async function json<T>(response: Response, expected: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(expected);
  return JSON.parse(text) as T;
}

interface EmulatedEvent {
  id: string;
  type: string;
  data: { object: { id: string } };
}

interface User {
  email: string;
  cookie: string;
  sessions: string[];
}

interface LedgerEntry {
  delta: number;
  balanceAfter: number;
  kind: string;
  reference: string | null;
}

class Client {
  constructor(readonly stack: DevStack) {}

  async signUp(tag: string): Promise<User> {
    const email = `restart-${tag}-${Date.now().toString(36)}-${process.pid}@example.com`;
    const response = await fetch(`${this.stack.appUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery staple' }),
    });
    await json(response, 201);
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0]!)
      .find((pair) => pair.startsWith('cc_session='));
    expect(cookie).toBeDefined();
    return { email, cookie: cookie!, sessions: [] };
  }

  async checkout(user: User): Promise<string> {
    const response = await fetch(`${this.stack.appUrl}/api/checkout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: user.cookie },
      body: JSON.stringify({ packId: PACK.id }),
    });
    const { sessionId } = await json<{ sessionId: string }>(response, 201);
    user.sessions.push(sessionId);
    return sessionId;
  }

  async emulator<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.stack.emulatorUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return json<T>(response, 200);
  }

  pay(sessionId: string, body: Record<string, unknown> = {}): Promise<unknown> {
    return this.emulator('POST', `/checkout/sessions/${sessionId}/pay`, body);
  }

  async ledger(user: User): Promise<LedgerEntry[]> {
    const response = await fetch(`${this.stack.appUrl}/api/credits/ledger?limit=100`, {
      headers: { Cookie: user.cookie },
    });
    return (await json<{ entries: LedgerEntry[] }>(response, 200)).entries;
  }

  async balance(user: User): Promise<number> {
    const response = await fetch(`${this.stack.appUrl}/api/auth/me`, { headers: { Cookie: user.cookie } });
    return (await json<{ credits: number }>(response, 200)).credits;
  }

  /** Runs the reconciliation cron now (wrangler dev --test-scheduled). */
  async runCron(): Promise<void> {
    const response = await fetch(`${this.stack.appUrl}/__scheduled`);
    expect(response.status, await response.text()).toBe(200);
  }
}

const purchaseRefs = (entries: LedgerEntry[]) =>
  entries
    .filter((entry) => entry.kind === 'purchase')
    .map((entry) => entry.reference)
    .sort();

const stateDir = mkdtempSync(join(tmpdir(), 'creditcast-restart-'));
let stack: DevStack | undefined;

let passed = false;
afterAll(async () => {
  await stack?.stop();
  // On failure, what the emulator and the Worker said (both stacks, one log) helps more than the assertion.
  const log = join(stateDir, 'dev.log');
  if (!passed && existsSync(log)) console.error(readFileSync(log, 'utf8').split('\n').slice(-150).join('\n'));
  if (process.env.E2E_KEEP_STATE === '1') console.log(`[e2e] kept ${stateDir}`);
  else rmSync(stateDir, { recursive: true, force: true });
});

describe('the dev stack killed mid-purchase and restarted on the same state', () => {
  it('credits every paid purchase exactly once', { timeout: 240_000 }, async () => {
    const ports = { port: await freePort(), emulatorPort: await freePort() };
    const options = {
      label: 'restart',
      ...ports,
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      stateDir,
      // The restarted emulator is up seconds before wrangler (20 s and more on a busy machine): its
      // resumed deliveries are refused until then. 8 attempts retry for ~64 s (5 would give up after ~7.5 s).
      env: { EMULATOR_MAX_ATTEMPTS: '8' },
    };
    stack = await startDevStack({ ...options, readyTimeoutMs: 90_000 });
    let client = new Client(stack);
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => client.signUp(`u${i}`)));

    // Delayed: delivery due 10 s after paying, so still pending when the stack dies.
    await client.emulator('POST', '/config', { delayMs: 10_000, duplicates: 0, dropRate: 0, shuffle: false });
    const delayed: string[] = [];
    for (const user of users) {
      for (let i = 0; i < 2; i++) delayed.push(await client.checkout(user));
    }
    for (const id of delayed) await client.pay(id);
    // Held: the webhook is never sent before the crash; only Stripe (the emulator) knows it was paid.
    const held: string[] = [];
    for (const user of users) held.push(await client.checkout(user));
    for (const id of held) await client.pay(id, { deliverWebhooks: false });
    // A bank transfer still settling when the stack dies.
    const bank = await client.checkout(users[0]!);
    await client.pay(bank, { method: 'bank_transfer', asyncSettleMs: 5_000 });
    // Immediate: webhooks go out at once, so some are in flight when the kill lands.
    await client.emulator('POST', '/config', { delayMs: 0 });
    const immediate: string[] = [];
    for (const user of users) {
      for (let i = 0; i < 2; i++) immediate.push(await client.checkout(user));
    }
    await Promise.all(immediate.map((id) => client.pay(id)));
    const all = [...delayed, ...held, bank, ...immediate];
    expect(all).toHaveLength(USERS * 5 + 1);

    const { events } = await client.emulator<{ events: EmulatedEvent[] }>('GET', '/events');
    const before = await client.emulator<{ deliveries: DeliveryAttempt[] }>('GET', '/deliveries');
    await stack.kill();
    // The delayed webhooks had not gone out, nor had the bank transfer settled: the crash cut them off.
    const delayedEventIds = events.filter((e) => delayed.includes(e.data.object.id)).map((e) => e.id);
    expect(delayedEventIds).toHaveLength(delayed.length);
    expect(before.deliveries.filter((d) => delayedEventIds.includes(d.eventId))).toEqual([]);
    expect(events.map((e) => e.type)).not.toContain('checkout.session.async_payment_succeeded');

    stack = await startDevStack({ ...options, readyTimeoutMs: 90_000 });
    client = new Client(stack);
    await client.runCron();

    // Every purchase appears once, whichever path credits it: resumed webhook, cron, or both.
    const expected = new Map(users.map((user) => [user, [...user.sessions].sort()]));
    await expect
      .poll(async () => Promise.all(users.map(async (user) => purchaseRefs(await client.ledger(user)))), {
        timeout: 60_000,
        interval: 500,
      })
      .toEqual(users.map((user) => expected.get(user)));

    // Now let everything else arrive too: the held webhooks and another cron run change nothing.
    for (const id of held) await client.emulator('POST', `/checkout/sessions/${id}/deliver-held`);
    await client.runCron();
    await expect
      .poll(
        async () => {
          const { deliveries } = await client.emulator<{ deliveries: DeliveryAttempt[] }>('GET', '/deliveries');
          return deliveries.filter((d) => d.type === 'checkout.session.completed' && d.status === 200).length;
        },
        { timeout: 90_000, interval: 250 },
      )
      .toBeGreaterThanOrEqual(all.length);
    // The restarted emulator sent what was pending at the crash: each delayed event, and the settlement's.
    const { deliveries } = await client.emulator<{ deliveries: DeliveryAttempt[] }>('GET', '/deliveries');
    for (const eventId of delayedEventIds) {
      expect(deliveries.filter((d) => d.eventId === eventId && d.status === 200).length, eventId).toBeGreaterThan(0);
    }
    expect(deliveries.some((d) => d.type === 'checkout.session.async_payment_succeeded' && d.status === 200)).toBe(
      true,
    );

    for (const user of users) {
      const entries = await client.ledger(user);
      expect(purchaseRefs(entries)).toEqual(expected.get(user));
      const purchases = entries.filter((entry) => entry.kind === 'purchase');
      expect(purchases.every((entry) => entry.delta === PACK.credits)).toBe(true);
      const sum = entries.reduce((total, entry) => total + entry.delta, 0);
      expect(sum).toBe(user.sessions.length * PACK.credits);
      expect(entries[0]!.balanceAfter).toBe(sum);
      expect(await client.balance(user)).toBe(sum);
    }
    passed = true;
  });
});
