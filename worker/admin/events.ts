// The console's Stripe events page: the event log (stripe_events, worker/stripe/event-log.ts owns
// it) newest first, each with its user's email, filtered by type, outcome and user (id or email).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isoDates, type Stored } from '../db/dates';
import { newestFirstPage } from '../db/paging';

export interface EventFilter {
  type?: string;
  outcome?: string;
  /** A user id or an exact email. */
  user?: string;
}

export interface ConsoleEvent {
  id: string;
  type: string;
  outcome: string | null;
  userId: string | null;
  email: string | null;
  createdAt: string;
}

export async function listConsoleEvents(
  db: Db,
  limit: number,
  filter: EventFilter,
  before?: number,
): Promise<{ events: ConsoleEvent[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (before !== undefined) where.push(sql`e.rowid < ${before}`);
  if (filter.type) where.push(sql`e.type = ${filter.type}`);
  if (filter.outcome) where.push(sql`e.outcome = ${filter.outcome}`);
  if (filter.user) {
    where.push(
      sql`e.user_id IN (SELECT id FROM users WHERE id = ${filter.user} OR lower(email) = ${filter.user.toLowerCase()})`,
    );
  }
  const rows = await db.all<Stored<ConsoleEvent, 'createdAt'> & { rid: number }>(
    sql`SELECT e.rowid AS rid, e.id, e.type, e.outcome, e.user_id AS userId, u.email, e.created_at AS createdAt
        FROM stripe_events e LEFT JOIN users u ON u.id = e.user_id
        ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
        ORDER BY e.rowid DESC LIMIT ${limit + 1}`,
  );
  const { page, nextCursor } = newestFirstPage(rows, limit, (r) => r.rid);
  return {
    events: page.map(({ rid, ...event }) => isoDates(event, 'createdAt')),
    nextCursor,
  };
}
