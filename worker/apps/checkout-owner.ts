// Whose Checkout Session an id is, for the service API's status call (a key acts for every user,
// so it may ask about any session; the status itself is worker/billing/checkout.ts's).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

export async function checkoutOwner(db: Db, sessionId: string): Promise<string | null> {
  const [row] = await db.all<{ user_id: string }>(sql`SELECT user_id FROM checkout_sessions WHERE id = ${sessionId}`);
  return row?.user_id ?? null;
}
