// Closing an account settles every active hold of the user at once, whoever placed it: an active one
// is released in full, one already past its expiry is expired (as the sweep would), each by the usual
// `settle:{holdId}` entry, so a capture or sweep racing the close settles each hold exactly once.
import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { commit, type OnCommit, type Step } from './commit';
import { settleStatements } from './holds';

/**
 * Settles the user's active holds and commits `alongside` (the account's own changes) after them,
 * in one batch. Returns how many holds it settled and the rows of each `alongside` statement.
 */
export async function releaseAllHolds(
  db: Db,
  onCommit: OnCommit,
  userId: string,
  alongside: SQL[],
  now = Date.now(),
): Promise<{ settled: number; results: unknown[][] }> {
  const active = await db.all<{ id: string; expires_at: number }>(
    sql`SELECT id, expires_at FROM holds WHERE user_id = ${userId} AND status = 'active' ORDER BY expires_at, entry_id`,
  );
  const steps: Step[] = [];
  for (const hold of active) {
    const kind = hold.expires_at <= now ? 'expire' : 'release';
    const { move, alongside: statusChange } = settleStatements(userId, hold.id, { kind }, now);
    steps.push({ move }, ...statusChange);
  }
  const committed = await commit(db, onCommit, { now, steps: [...steps, ...alongside] });
  return { settled: committed.entries.length, results: committed.results.slice(steps.length) };
}
