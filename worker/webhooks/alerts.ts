// A user's `balance.low` threshold (balance_alerts.low_balance; PUT /api/v1/users/{id}/alerts).
// The armed flags beside it belong to the ledger's outbox (ledger/outbox.ts), which recomputes them
// after the user's next entry; setting the threshold leaves them alone.
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

export async function setLowBalance(db: Db, userId: string, lowBalance: number): Promise<number> {
  const [row] = await db.all<{ low_balance: number }>(
    sql`INSERT INTO balance_alerts (user_id, low_balance) VALUES (${userId}, ${lowBalance})
        ON CONFLICT (user_id) DO UPDATE SET low_balance = excluded.low_balance RETURNING low_balance`,
  );
  return row.low_balance;
}
