// The operator's view of Stripe's events: each processed event's outcome and user, written after
// the event is answered (in the background: it is a report, not part of the money path), and read
// newest first by the console.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

export async function recordOutcome(db: Db, eventId: string, outcome: string, userId: string | null): Promise<void> {
  try {
    await db.run(sql`UPDATE stripe_events SET outcome = ${outcome}, user_id = ${userId} WHERE id = ${eventId}`);
  } catch (err) {
    console.error(JSON.stringify({ msg: 'event_outcome_not_recorded', eventId, error: String(err) }));
  }
}

export interface EventView {
  id: string;
  type: string;
  outcome: string | null;
  userId: string | null;
  createdAt: string;
}

/** Newest first; the cursor is the last row's rowid. */
export async function listEvents(
  db: Db,
  limit: number,
  before?: number,
): Promise<{ events: EventView[]; nextCursor: string | null }> {
  const rows = await db.all<{
    rid: number;
    id: string;
    type: string;
    outcome: string | null;
    user_id: string | null;
    created_at: number;
  }>(
    sql`SELECT rowid AS rid, id, type, outcome, user_id, created_at FROM stripe_events
        ${before === undefined ? sql`` : sql`WHERE rowid < ${before}`} ORDER BY rowid DESC LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  return {
    events: page.map((r) => ({
      id: r.id,
      type: r.type,
      outcome: r.outcome,
      userId: r.user_id,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextCursor: rows.length > limit ? String(page.at(-1)?.rid) : null,
  };
}
