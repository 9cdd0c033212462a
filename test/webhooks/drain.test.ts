// The drain (outbox → queue), with a recording queue: one message per (event, subscribed endpoint),
// each event enqueued once, a leased row left alone until its lease ends, a failed send re-drained.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { drainOutbox, type WebhookMessage } from '../../worker/webhooks/drain';
import { createEndpoint } from '../../worker/webhooks/endpoints';
import { grantCredits, signUp, testDb } from '../helpers';

function recordingQueue(fail = false) {
  const sent: WebhookMessage[] = [];
  const queue = {
    async sendBatch(messages: Iterable<{ body: WebhookMessage }>) {
      if (fail) throw new Error('queue unavailable');
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue;
  return { queue, sent };
}

describe('drain', () => {
  it('sends one message per subscribed endpoint, enqueues each event once, and retries a failed send after its lease', async () => {
    // Start from an empty outbox, so the counts below are this test's alone.
    await drainOutbox(testDb(), recordingQueue().queue, Date.now(), 10_000);
    const all = await createEndpoint(testDb(), { url: 'http://127.0.0.1:9/a', events: null, description: '' });
    const lowOnly = await createEndpoint(testDb(), {
      url: 'http://127.0.0.1:9/b',
      events: ['balance.low'],
      description: '',
    });
    const user = await signUp();
    await grantCredits(user.id, 50);
    const [event] = (
      await env.DB.prepare('SELECT id FROM webhook_events WHERE user_id = ?').bind(user.id).all<{ id: string }>()
    ).results;

    const now = Date.now() + 1_000;
    const down = recordingQueue(true);
    await expect(drainOutbox(testDb(), down.queue, now)).rejects.toThrow('queue unavailable');
    // Leased for a minute: another drain meanwhile sends nothing.
    const early = recordingQueue();
    expect(await drainOutbox(testDb(), early.queue, now + 30_000)).toEqual({ events: 0, messages: 0 });

    const later = recordingQueue();
    expect(await drainOutbox(testDb(), later.queue, now + 61_000)).toEqual({ events: 1, messages: 1 });
    expect(later.sent).toEqual([{ eventId: event.id, endpointId: all.endpoint.id }]);
    expect(later.sent.some((m) => m.endpointId === lowOnly.endpoint.id)).toBe(false);
    expect(await drainOutbox(testDb(), recordingQueue().queue, now + 200_000)).toEqual({ events: 0, messages: 0 });
  });
});
