// The log of Stripe's events (stripe_events): each verified event id recorded once, in the same
// batch as its effects; what handling it did (an Outcome), written after the event is answered (in
// the background: a report, not part of the money path). The console reads it (admin/events.ts).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { AppliedEntry } from '../ledger/commit';
import type { CheckoutStatus } from '../vocabulary/checkout-statuses';

/** What handling a session or event did, for the log line and the caller's answer. */
export type Outcome =
  | 'credited'
  | 'duplicate'
  | 'amount_mismatch'
  | 'unknown_session'
  | 'marked_processing'
  | 'marked_failed'
  | 'marked_expired'
  | 'clawed_back'
  | 'dispute_reversed'
  | 'recorded'
  | 'not_applicable'
  | 'ignored';

export interface EventRef {
  id: string;
  type: string;
}

export interface FulfilResult {
  outcome: Outcome;
  /** The entries this call applied (none for a duplicate). */
  entries: AppliedEntry[];
  /** The session row's status after the call, when the session is ours. */
  status?: CheckoutStatus;
  userId?: string;
  /** Whether the session's user had closed their account, when the batch read it (no extra round trip). */
  accountClosed?: boolean;
}

/** Records a processed event id in the same batch as its effects (once per event id). */
export function recordEvent(event: EventRef | undefined, objectId: string): SQL[] {
  if (!event) return [];
  return [
    sql`INSERT INTO stripe_events (id, type, object_id) VALUES (${event.id}, ${event.type}, ${objectId})
        ON CONFLICT (id) DO NOTHING`,
  ];
}

export async function recordOutcome(db: Db, eventId: string, outcome: string, userId: string | null): Promise<void> {
  try {
    await db.run(sql`UPDATE stripe_events SET outcome = ${outcome}, user_id = ${userId} WHERE id = ${eventId}`);
  } catch (err) {
    console.error(JSON.stringify({ msg: 'event_outcome_not_recorded', eventId, error: String(err) }));
  }
}
