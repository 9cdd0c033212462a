// The state file: a restarted emulator on the same file knows its sessions, events, objects and idempotent
// replies, sends the deliveries that were still pending, settles due bank transfers, and survives a bad file.
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../server';
import {
  packSessionParams,
  sleep,
  startTestEmulator,
  startWebhookReceiver,
  type TestEmulator,
  waitFor,
} from '../test-support';
import { subscribe } from '../test-support-plans';
import { readStateFile, StatePersister } from './persistence';
import { type DeliveryAttempt, EmulatorStore } from './store';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Appends a line that replaces one saved entry with `changes` merged in, as a later write would. */
function overwrite(file: string, map: string, [key, value]: [string, unknown], changes: object): void {
  appendFileSync(file, `${JSON.stringify([map, key, { ...(value as object), ...changes }])}\n`);
}

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
  it('keeps customers, products, subscriptions, invoices, invoice payments and clocks, and renews after it', async () => {
    const file = stateFile();
    const first = await start(file);
    const clock = await first.stripe.testHelpers.testClocks.create({ frozen_time: 1_767_225_600 });
    const { customer, subscription } = await subscribe(first, { testClock: clock.id });
    const invoices = (await first.stripe.invoices.list({ customer: customer.id })).data;
    await first.close();

    const second = await start(file);
    expect(await second.stripe.subscriptions.retrieve(subscription.id)).toEqual(subscription);
    expect((await second.stripe.invoices.list({ customer: customer.id })).data).toEqual(invoices);
    expect((await second.stripe.invoicePayments.list({ invoice: invoices[0]!.id })).data).toHaveLength(1);
    expect(await second.stripe.products.retrieve('cc_plan_pro')).toMatchObject({ name: 'Pro' });
    expect((await second.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      test_clock: clock.id,
    });
    const renewed = await second.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    expect(renewed.body.status).toBe('active');
    expect((await second.stripe.invoices.list({ customer: customer.id })).data[0]!.number).toBe(
      `${customer.invoice_prefix}-0002`,
    );
  });

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

  it('keeps setup intents, saved cards and how each is charged, off-session intents and their idempotent 402', async () => {
    const file = stateFile();
    const first = await start(file);
    const customer = await first.stripe.customers.create({ email: 'ada@example.com' });
    const session = await first.stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      success_url: 'http://127.0.0.1:8787/en/account',
    });
    await first.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const setupIntent = await first.stripe.setupIntents.retrieve(session.setup_intent as string);
    const card = setupIntent.payment_method as string;
    await first.control('POST', `/payment_methods/${card}/card`, { card: '4000000000009995' });
    const charge = { amount: 1000, currency: 'usd', customer: customer.id, payment_method: card };
    const topUp = { ...charge, off_session: true, confirm: true };
    const declined = await first.stripe.paymentIntents.create(topUp, { idempotencyKey: 'att-1' }).catch((e) => e);
    const declinedId = (declined as { raw: { payment_intent: { id: string } } }).raw.payment_intent.id;
    await first.close();

    const second = await start(file);
    expect(await second.stripe.setupIntents.retrieve(setupIntent.id)).toEqual(setupIntent);
    expect((await second.stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([card]);
    const replay = await second.stripe.paymentIntents.create(topUp, { idempotencyKey: 'att-1' }).catch((e) => e);
    expect(replay).toMatchObject({ statusCode: 402, raw: { payment_intent: { id: declinedId } } });
    // The card is still charged as 9995 after the restart.
    await expect(second.stripe.paymentIntents.create(topUp)).rejects.toMatchObject({
      decline_code: 'insufficient_funds',
    });
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
    const saved = readStateFile(file);
    const pending = saved.maps.pendingDeliveries.map(([, d]) => d as { eventId: string; dueAt: number });
    expect(pending.map((d) => d.eventId)).toEqual([event!.id]);
    expect(pending[0]!.dueAt).toBeGreaterThan(Date.now() + 50_000);

    // The new emulator's delay is short, but the saved delivery keeps its own due time: make it due now.
    overwrite(file, 'pendingDeliveries', saved.maps.pendingDeliveries[0]!, { dueAt: Date.now() });
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

    const [entry] = readStateFile(file).maps.pendingDeliveries;
    const pending = entry![1] as { attempt: number; dueAt: number };
    expect(pending.attempt).toBe(2);
    expect(pending.dueAt).toBeGreaterThan(Date.now() + 50_000);
    overwrite(file, 'pendingDeliveries', entry!, { dueAt: Date.now() });

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
    const saved = readStateFile(file);
    expect(saved.maps.sessions.map(([id]) => id)).toEqual([session.id]);
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, {});
    const paid = readStateFile(file);
    expect((paid.maps.sessions[0]![1] as { session: object }).session).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
    });
    const savedTypes = paid.maps.events.map(([, record]) => (record as { event: { type: string } }).event.type);
    expect(savedTypes).toEqual(['checkout.session.completed']);
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

  const header = '{"format":"creditcast-stripe-emulator-state","version":2,"savedAt":"2026-01-01T00:00:00Z"}\n';
  it.each([
    ['a cut-off header', '{"format":"creditcast-stripe-emulator-state","ver'],
    ['another format', '{"hello":"world"}\n'],
    ['a line that is not a [map, key, value] entry', `${header}{"sessions":[]}\n["sessions","cs_1",{}]\n`],
    ['an entry of an unknown map', `${header}["widgets","wid_1",{}]\n`],
    ['an event whose payload is damaged', `${header}["events","evt_1",{"payload":"{\\"id","sessionId":null}]\n`],
  ])('starts empty when the file holds %s, and keeps the bad file aside', async (_label, text) => {
    const file = stateFile();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    const t = await start(file);
    expect(t.logs.some((line) => line.startsWith(`state file ${file} is unreadable`))).toBe(true);
    expect((await t.stripe.checkout.sessions.list()).data).toEqual([]);
    expect(readFileSync(`${file}.corrupt`, 'utf8')).toBe(text);
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    expect(readStateFile(file).maps.sessions.map(([id]) => id)).toEqual([session.id]);
  });

  it('leaves no temp file behind: each write is a rename of a complete file', async () => {
    const file = stateFile();
    const t = await start(file, { saveDebounceMs: 0 });
    await Promise.all(Array.from({ length: 20 }, () => t.stripe.checkout.sessions.create(packSessionParams())));
    await t.close();
    expect(readdirSync(dirname(file))).toEqual(['stripe-emulator.json']);
    expect(readStateFile(file).maps.sessions).toHaveLength(20);
  });

  it('drops a cut-off last line (a crash mid-append) and keeps everything before it', async () => {
    const file = stateFile();
    const first = await start(file);
    const session = await first.stripe.checkout.sessions.create(packSessionParams());
    await first.close();
    appendFileSync(file, '["sessions","cs_test_half",{"session":{"id":"cs_te');
    const second = await start(file);
    expect(second.logs).toContain('state file: dropped a cut-off last line');
    expect((await second.stripe.checkout.sessions.list()).data.map((s) => s.id)).toEqual([session.id]);
  });

  it('appends changed entries only, and compacts by an atomic rewrite once the journal outgrows the last full write', () => {
    const file = stateFile();
    const store = new EmulatorStore();
    const persister = new StatePersister(file, store, 0, () => {}, 2_000);
    const pending = (attempt: number) => ({ id: 'whd_1', eventId: 'evt_1', copy: 0, attempt, dueAt: attempt });
    store.pendingDeliveries.set('whd_1', pending(1));
    persister.changed();
    persister.flush();
    const full = readFileSync(file, 'utf8');
    expect(full.split('\n')).toHaveLength(3); // header, the entry, the final newline

    const sizes: number[] = [];
    for (let attempt = 2; attempt <= 60; attempt++) {
      store.pendingDeliveries.set('whd_1', pending(attempt));
      store.sessions.get('cs_unknown'); // a read of nothing marks nothing
      persister.changed();
      persister.flush();
      sizes.push(readFileSync(file, 'utf8').length);
    }
    // Each write appends one line; past 2,000 appended bytes the file is rewritten to one line again.
    expect(sizes[1]! - sizes[0]!).toBe(full.length - full.indexOf('\n') - 1);
    expect(sizes.some((size, i) => i > 0 && size < sizes[i - 1]!)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThan(2_000 + 2 * full.length);
    expect(readStateFile(file).maps.pendingDeliveries).toEqual([['whd_1', pending(60)]]);
    persister.close();
  });
});
