// Shared pieces of the webhooks-out tests: reading a user's outbox rows in order.
import { env } from 'cloudflare:test';
import { createEndpoint } from '../../worker/webhooks/endpoints';
import { testDb } from '../helpers';

export interface OutboxEvent {
  id: string;
  type: string;
  data: Record<string, unknown> & { userId: string; balance: number; version: number };
}

/** The user's outbox events, oldest first (then by type, for a stable order within one entry). */
export async function eventsOf(userId: string, type?: string): Promise<OutboxEvent[]> {
  const { results } = await env.DB.prepare(
    `SELECT id, type, data FROM webhook_events WHERE user_id = ? AND (?2 IS NULL OR type = ?2)
     ORDER BY json_extract(data, '$.version'), rowid`,
  )
    .bind(userId, type ?? null)
    .all<{ id: string; type: string; data: string }>();
  return results.map((r) => ({ id: r.id, type: r.type, data: JSON.parse(r.data) }));
}

/**
 * An endpoint that receives every type: events are written only while some endpoint can receive
 * them (worker/ledger/outbox.ts), so the outbox tests start with one (storage is per test file).
 */
export async function addReceiver(): Promise<void> {
  await createEndpoint(testDb(), { url: 'https://receiver.example/hooks', events: null, description: 'tests' });
}
