// The cron's safety nets fail alone (worker/cron.ts): the outbox drain failing (the queue refusing)
// is logged as `webhook_drain_failed`, the scheduled run still completes, and the event it could not
// hand over is delivered by the first run after its claim's lease, once.
import { env } from 'cloudflare:test';
import { describe, expect, inject, it, vi } from 'vitest';
import { SWEEP_CRON } from '../../worker/cron';
import { LEASE_MS } from '../../worker/webhooks/drain';
import { createEndpoint } from '../../worker/webhooks/endpoints';
import { grantCredits, runScheduled, signUp, testDb } from '../helpers';
import type { ReceivedHook } from '../setup/start-webhook-receiver';
import { unique } from './support';

const receiver = inject('webhookReceiverUrl');

/** A queue that refuses every message, as Queues does when it is unavailable. */
const refusingQueue = {
  async send() {
    throw new Error('queue unavailable');
  },
  async sendBatch() {
    throw new Error('queue unavailable');
  },
} as unknown as Queue;

describe('cron safety nets', () => {
  it('a drain the queue refuses is logged, the run completes, and the next run delivers the event once', async () => {
    const name = unique('cron-fail-');
    await createEndpoint(testDb(), { url: `${receiver}/hooks/${name}`, events: ['credits.granted'], description: '' });
    const user = await signUp();
    await grantCredits(user.id, 70); // the helper's grant starts no drain of its own: the cron's is the only one
    const t0 = Date.now();
    const errors = vi.spyOn(console, 'error');
    try {
      await expect(runScheduled(SWEEP_CRON, t0, { ...env, WEBHOOKS_QUEUE: refusingQueue })).resolves.toBeUndefined();
      const logged = errors.mock.calls.map(([line]) => JSON.parse(String(line)) as { msg: string; error: string });
      expect(logged).toContainEqual({ msg: 'webhook_drain_failed', error: 'Error: queue unavailable' });
    } finally {
      errors.mockRestore();
    }
    const event = await env.DB.prepare(
      "SELECT id, enqueued_at FROM webhook_events WHERE user_id = ? AND type = 'credits.granted'",
    )
      .bind(user.id)
      .first<{ id: string; enqueued_at: number | null }>();
    expect(event?.enqueued_at ?? null).toBeNull();

    // The failed drain's claim holds the event for its lease; the first run after it hands it over.
    await runScheduled(SWEEP_CRON, t0 + LEASE_MS + 1, env);
    const hooks = (await (await fetch(`${receiver}/received/${name}?count=1`)).json()) as ReceivedHook[];
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.headers['webhook-id']).toBe(`msg_${event?.id}`);
  });
});
