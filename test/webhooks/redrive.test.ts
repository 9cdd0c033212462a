// The redrive (worker/webhooks/redrive.ts): a delivery whose queue message was lost is sent again by
// the cron with the same webhook-id, exactly once more; a pair within its retry window, a delivered
// pair and a disabled endpoint's pairs are left alone; a pair older than the disable window is given up.
import { env } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, inject, it } from 'vitest';
import { SWEEP_CRON } from '../../worker/cron';
import { DISABLE_AFTER_MS, deliverOne } from '../../worker/webhooks/delivery';
import { drainOutbox, type WebhookMessage } from '../../worker/webhooks/drain';
import { createEndpoint } from '../../worker/webhooks/endpoints';
import { REDRIVE_GRACE_MS, redrive } from '../../worker/webhooks/redrive';
import { resendMessage } from '../../worker/webhooks/resend';
import { grantCredits, runScheduled, signUp, testDb } from '../helpers';
import type { ReceivedHook } from '../setup/start-webhook-receiver';
import { unique } from './support';

const receiver = inject('webhookReceiverUrl');

/** A queue that records and delivers nothing: the messages sent to it are the lost ones. */
function voidQueue() {
  const sent: WebhookMessage[] = [];
  const queue = {
    async sendBatch(messages: Iterable<{ body: WebhookMessage }>) {
      for (const m of messages) sent.push(m.body);
    },
    async send(body: WebhookMessage) {
      sent.push(body);
    },
  } as unknown as Queue;
  return { queue, sent };
}

/** An endpoint for credits.granted, one granted event for it, drained onto a queue that loses it. */
async function lostDelivery(url: string, t0: number) {
  const { endpoint, secret } = await createEndpoint(testDb(), { url, events: ['credits.granted'], description: '' });
  const user = await signUp();
  await grantCredits(user.id, 70); // the helper's grant starts no drain of its own
  const event = await env.DB.prepare("SELECT id FROM webhook_events WHERE user_id = ? AND type = 'credits.granted'")
    .bind(user.id)
    .first<{ id: string }>();
  const message = { eventId: event?.id ?? '', endpointId: endpoint.id };
  const lost = voidQueue();
  await drainOutbox(testDb(), lost.queue, t0);
  expect(lost.sent).toContainEqual(message);
  return { message, secret, userId: user.id };
}

const owedRow = (m: WebhookMessage) =>
  env.DB.prepare('SELECT due_at, redriven FROM webhook_owed WHERE event_id = ? AND endpoint_id = ?')
    .bind(m.eventId, m.endpointId)
    .first<{ due_at: number; redriven: number }>();

/** What a redrive at `at` re-enqueues for `m`'s endpoint (onto a recording queue). */
async function redrivenAt(m: WebhookMessage, at: number): Promise<WebhookMessage[]> {
  const q = voidQueue();
  await redrive(testDb(), q.queue, at, DISABLE_AFTER_MS);
  return q.sent.filter((s) => s.endpointId === m.endpointId);
}

describe('redrive', () => {
  it('re-sends a lost message from the cron with the same webhook-id and body, exactly once more', async () => {
    const name = unique('redrive-');
    const t0 = Date.now();
    const { message, secret, userId } = await lostDelivery(`${receiver}/hooks/${name}`, t0);

    // Within the grace for a first attempt, the message may still be on its way: not redriven.
    await runScheduled(SWEEP_CRON, t0 + REDRIVE_GRACE_MS - 1);
    expect(await owedRow(message)).toMatchObject({ redriven: 0 });

    await runScheduled(SWEEP_CRON, t0 + REDRIVE_GRACE_MS);
    const [hook] = (await (await fetch(`${receiver}/received/${name}?count=1`)).json()) as ReceivedHook[];
    expect(hook.headers['webhook-id']).toBe(`msg_${message.eventId}`);
    expect(new Webhook(secret).verify(hook.body, hook.headers)).toMatchObject({
      type: 'credits.granted',
      data: { userId, balance: 70 },
    });
    // The consumer settles the pair right after the receiver's 200 (a bounded poll on D1, no sleep).
    let row = await owedRow(message);
    for (let tries = 0; tries < 200 && row !== null; tries++) row = await owedRow(message);
    expect(row).toBeNull();
    const log = await env.DB.prepare(
      'SELECT attempt, status FROM webhook_deliveries WHERE event_id = ? AND endpoint_id = ?',
    )
      .bind(message.eventId, message.endpointId)
      .all();
    expect(log.results).toEqual([{ attempt: 1, status: 'delivered' }]);

    // Delivered: later crons never send it again.
    expect(await redrivenAt(message, t0 + 10 * 60_000)).toEqual([]);
    expect(await redrivenAt(message, t0 + DISABLE_AFTER_MS - 1)).toEqual([]);
  });

  it('leaves a pair alone while its queue retry is still due, then redrives it once', async () => {
    const t0 = Date.now() + 1_000;
    const { message } = await lostDelivery('http://127.0.0.1:9/within', t0);
    const failing = { retryBaseSeconds: 60, fetcher: async () => new Response('no', { status: 500 }) };
    // Attempt 1 fails at t1: the queue retries after 60 s, so the pair is lost only after 2 × 60 s + grace.
    const t1 = t0 + 5_000;
    expect(await deliverOne(testDb(), message, 1, failing, t1)).toMatchObject({ outcome: 'retry', delaySeconds: 60 });
    const lostAt = t1 + 120_000 + REDRIVE_GRACE_MS;
    expect(await redrivenAt(message, t0 + REDRIVE_GRACE_MS)).toEqual([]); // the drain's own deadline, moved on
    expect(await redrivenAt(message, lostAt - 1)).toEqual([]);
    expect(await redrivenAt(message, lostAt)).toEqual([message]);
    // Recorded: the next minute's cron does not send it again (its own grace runs first).
    expect(await redrivenAt(message, lostAt + 1)).toEqual([]);
    expect(await owedRow(message)).toEqual({ due_at: lostAt + REDRIVE_GRACE_MS, redriven: 1 });
    // The redriven message also fails: the queue's retry of it is again owed, not redriven meanwhile.
    const t2 = lostAt + 2_000;
    expect(await deliverOne(testDb(), message, 1, failing, t2)).toMatchObject({ outcome: 'retry' });
    expect(await redrivenAt(message, lostAt + REDRIVE_GRACE_MS)).toEqual([]);
  });

  it('never redrives a delivered pair', async () => {
    const t0 = Date.now() + 2_000;
    const { message } = await lostDelivery('http://127.0.0.1:9/delivered', t0);
    const ok = { retryBaseSeconds: 60, fetcher: async () => new Response(null, { status: 204 }) };
    expect(await deliverOne(testDb(), message, 1, ok, t0 + 1_000)).toMatchObject({ outcome: 'delivered' });
    expect(await owedRow(message)).toBeNull();
    expect(await redrivenAt(message, t0 + 60 * 60_000)).toEqual([]);
  });

  it('redrives a resend whose message was lost, though the pair had been delivered before', async () => {
    const t0 = Date.now() + 2_500;
    const { message } = await lostDelivery('http://127.0.0.1:9/resent', t0);
    const ok = { retryBaseSeconds: 60, fetcher: async () => new Response(null, { status: 204 }) };
    await deliverOne(testDb(), message, 1, ok, t0 + 1_000);
    const lost = voidQueue();
    const t1 = t0 + 5 * 60_000;
    expect(await resendMessage(testDb(), lost.queue, message.endpointId, `msg_${message.eventId}`, t1)).toEqual({
      outcome: 'queued',
      messageId: `msg_${message.eventId}`,
    });
    expect(await redrivenAt(message, t1 + REDRIVE_GRACE_MS - 1)).toEqual([]);
    expect(await redrivenAt(message, t1 + REDRIVE_GRACE_MS)).toEqual([message]);
  });

  it("skips a disabled endpoint's pairs (and sends them once it is enabled again)", async () => {
    const t0 = Date.now() + 3_000;
    const { message } = await lostDelivery('http://127.0.0.1:9/disabled', t0);
    const setDisabled = (at: number | null) =>
      env.DB.prepare('UPDATE webhook_endpoints SET disabled_at = ? WHERE id = ?').bind(at, message.endpointId).run();
    await setDisabled(t0);
    expect(await redrivenAt(message, t0 + 10 * 60_000)).toEqual([]);
    expect(await owedRow(message)).toMatchObject({ redriven: 0 });
    await setDisabled(null);
    expect(await redrivenAt(message, t0 + 10 * 60_000)).toEqual([message]);
  });

  it('gives a pair up once it was first enqueued longer ago than the disable window', async () => {
    const t0 = Date.now() + 4_000;
    const { message } = await lostDelivery('http://127.0.0.1:9/expired', t0);
    const q = voidQueue();
    const result = await redrive(testDb(), q.queue, t0 + DISABLE_AFTER_MS, DISABLE_AFTER_MS);
    expect(q.sent).not.toContainEqual(message);
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect(await owedRow(message)).toBeNull();
  });
});
