// The state file: a restarted emulator on the same file knows its sessions, events, objects and idempotent
// replies, sends the deliveries that were still pending, settles due bank transfers, and survives a bad file.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from './server';
import type { DeliveryAttempt } from './store';
import {
  packSessionParams,
  sleep,
  startTestEmulator,
  startWebhookReceiver,
  type TestEmulator,
  waitFor,
} from './test-support';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function stateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-state-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'state', 'stripe-emulator.json');
}

async function start(
  file: string,
  overrides: Partial<EmulatorOptions> = {},
): Promise<TestEmulator & { logs: string[] }> {
  const logs: string[] = [];
  const t = await startTestEmulator({ stateFile: file, log: (line) => logs.push(line), ...overrides });
  cleanups.push(() => t.close());
  return { ...t, logs };
}

describe('restart on the same state file', () => {
  it('keeps sessions, payment intents, charges, refunds, disputes, events and idempotent replies', async () => {
    const file = stateFile();
    const first = await start(file);
    const session = await first.stripe.checkout.sessions.create(packSessionParams(), { idempotencyKey: 'key-1' });
    expect((await first.control('POST', `/checkout/sessions/${session.id}/pay`, {})).status).toBe(200);
    const paid = await first.stripe.checkout.sessions.retrieve(session.id);
    const intent = await first.stripe.paymentIntents.retrieve(paid.payment_intent as string);
    const refund = await first.stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
    const dispute = (await first.control<Stripe.Dispute>('POST', `/charges/${intent.latest_charge}/dispute`, {})).body;
    const events = (await first.stripe.events.list({ limit: 10 })).data;
    await first.close();

    const second = await start(file);
    expect(second.logs.some((line) => line.startsWith(`state loaded from ${file}`))).toBe(true);
    expect(await second.stripe.checkout.sessions.retrieve(session.id)).toEqual(paid);
    expect((await second.stripe.checkout.sessions.list({ limit: 10 })).data.map((s) => s.id)).toEqual([session.id]);
    expect(await second.stripe.paymentIntents.retrieve(intent.id)).toEqual(intent);
    const charge = await second.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 100, disputed: true });
    expect(charge.refunds!.data.map((r) => r.id)).toEqual([refund.id]);
    expect(await second.stripe.refunds.retrieve(refund.id)).toEqual(refund);
    expect(await second.stripe.disputes.retrieve(dispute.id)).toEqual(dispute);
    expect((await second.stripe.events.list({ limit: 10 })).data).toEqual(events);
    expect(events.map((e) => e.type)).toEqual([
      'charge.dispute.created',
      'charge.refunded',
      'checkout.session.completed',
    ]);
    // The same key with the same parameters replays the first answer instead of making a second session.
    const replay = await second.stripe.checkout.sessions.create(packSessionParams(), { idempotencyKey: 'key-1' });
    expect(replay.id).toBe(session.id);
  });

  it('sends a delivery still pending at shutdown after the restart, with the same event id and bytes', async () => {
    const file = stateFile();
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    // A delay far longer than the test: the event is pending when the first emulator stops.
    const first = await start(file, { webhookUrl: receiver.url, delivery: { delayMs: 60_000 } });
    const session = await first.stripe.checkout.sessions.create(packSessionParams());
    await first.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const [event] = (await first.stripe.events.list()).data;
    await first.close();
    expect(receiver.received).toHaveLength(0);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.maps.pendingDeliveries.map(([, d]: [string, { eventId: string }]) => d.eventId)).toEqual([event!.id]);

    // The new emulator's delay is short, but the saved delivery keeps its own due time: make it due now.
    saved.maps.pendingDeliveries[0][1].dueAt = Date.now();
    writeFileSync(file, JSON.stringify(saved));
    const second = await start(file, { webhookUrl: receiver.url });
    expect(second.logs).toContain('resumed 1 pending deliveries, 0 bank transfer settlements');
    const [delivered] = await waitFor(() => receiver.received.length === 1 && receiver.received);
    expect(delivered!.event.id).toBe(event!.id);
    expect(delivered!.body).toBe(JSON.stringify(event));
    const attempts = (await second.control<{ deliveries: DeliveryAttempt[] }>('GET', '/deliveries')).body.deliveries;
    expect(attempts.map(({ eventId, attempt, status }) => ({ eventId, attempt, status }))).toEqual([
      { eventId: event!.id, attempt: 1, status: 200 },
    ]);
    // Delivered, it is no longer pending: a third start sends nothing.
    await second.close();
    const third = await start(file, { webhookUrl: receiver.url });
    await sleep(100);
    expect(receiver.received).toHaveLength(1);
    expect(third.logs.some((line) => line.startsWith('resumed'))).toBe(false);
  });

  it('resumes a retry where it stopped: the attempt number goes on from the saved one', async () => {
    const file = stateFile();
    const receiver = await startWebhookReceiver((index) => (index === 0 ? 500 : 200));
    cleanups.push(() => receiver.close());
    const first = await start(file, { webhookUrl: receiver.url, delivery: { retryBaseMs: 60_000 } });
    const session = await first.stripe.checkout.sessions.create(packSessionParams());
    await first.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    await waitFor(() => receiver.received.length === 1);
    await sleep(20); // the attempt's result is recorded after the receiver answers
    await first.close();

    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const [[, pending]] = saved.maps.pendingDeliveries;
    expect(pending.attempt).toBe(2);
    expect(pending.dueAt).toBeGreaterThan(Date.now() + 50_000);
    pending.dueAt = Date.now();
    writeFileSync(file, JSON.stringify(saved));

    const second = await start(file, { webhookUrl: receiver.url });
    await waitFor(() => receiver.received.length === 2);
    const attempts = await waitFor(async () => {
      const recorded = (await second.control<{ deliveries: DeliveryAttempt[] }>('GET', '/deliveries')).body.deliveries;
      return recorded.length === 2 && recorded;
    });
    expect(attempts.map(({ attempt, status }) => ({ attempt, status }))).toEqual([
      { attempt: 1, status: 500 },
      { attempt: 2, status: 200 },
    ]);
    expect(new Set(receiver.received.map((r) => r.event.id)).size).toBe(1);
  });

  it('settles a bank transfer that was still processing, and emits its event', async () => {
    const file = stateFile();
    const first = await start(file);
    const session = await first.stripe.checkout.sessions.create(packSessionParams());
    await first.control('POST', `/checkout/sessions/${session.id}/pay`, {
      method: 'bank_transfer',
      asyncSettleMs: 500,
    });
    await first.close();

    const second = await start(file);
    expect(second.logs).toContain('resumed 0 pending deliveries, 1 bank transfer settlements');
    await waitFor(async () => {
      const retrieved = await second.stripe.checkout.sessions.retrieve(session.id);
      return retrieved.payment_status === 'paid';
    }, 5000);
    const types = (await second.stripe.events.list()).data.map((event) => event.type);
    expect(types).toEqual(['checkout.session.async_payment_succeeded', 'checkout.session.completed']);
  });

  it('puts an answered POST on disk before the answer: a SIGKILL right after it loses nothing', async () => {
    const file = stateFile();
    const t = await start(file, { saveDebounceMs: 50 });
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    // Read the file at once, without close(): what a killed process leaves behind.
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.maps.sessions.map(([id]: [string]) => id)).toEqual([session.id]);
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const paid = JSON.parse(readFileSync(file, 'utf8'));
    expect(paid.maps.sessions[0][1].session).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(paid.maps.events.map(([, record]: [string, { event: { type: string } }]) => record.event.type)).toEqual([
      'checkout.session.completed',
    ]);
  });

  it('forgets the saved state on POST /_emulator/reset', async () => {
    const file = stateFile();
    const first = await start(file);
    await first.stripe.checkout.sessions.create(packSessionParams());
    await first.control('POST', '/reset');
    await first.close();
    const second = await start(file);
    expect((await second.stripe.checkout.sessions.list()).data).toEqual([]);
  });
});

describe('a bad or missing state file', () => {
  it('starts empty with one log line when the file does not exist, and creates it on the first change', async () => {
    const file = stateFile();
    const t = await start(file);
    expect(t.logs).toContain(`state file ${file} not found: starting empty`);
    expect(existsSync(file)).toBe(false);
    await t.stripe.checkout.sessions.create(packSessionParams());
    expect(existsSync(file)).toBe(true);
  });

  it.each([
    ['truncated JSON', '{"format":"creditcast-stripe-emulator-state","version":1,"maps":{'],
    ['another format', '{"hello":"world"}'],
    ['a map that is not a list', '{"format":"creditcast-stripe-emulator-state","version":1,"maps":{},"deliveries":[]}'],
  ])('starts empty when the file holds %s, and keeps the bad file aside', async (_label, text) => {
    const file = stateFile();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    const t = await start(file);
    expect(t.logs.some((line) => line.startsWith(`state file ${file} is unreadable`))).toBe(true);
    expect((await t.stripe.checkout.sessions.list()).data).toEqual([]);
    expect(readFileSync(`${file}.corrupt`, 'utf8')).toBe(text);
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    expect(JSON.parse(readFileSync(file, 'utf8')).maps.sessions[0][0]).toBe(session.id);
  });

  it('leaves no temp file behind: each write is a rename of a complete file', async () => {
    const file = stateFile();
    const t = await start(file, { saveDebounceMs: 0 });
    await Promise.all(Array.from({ length: 20 }, () => t.stripe.checkout.sessions.create(packSessionParams())));
    await t.close();
    expect(readdirSync(dirname(file))).toEqual(['stripe-emulator.json']);
    expect(JSON.parse(readFileSync(file, 'utf8')).maps.sessions).toHaveLength(20);
  });
});
