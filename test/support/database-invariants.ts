// The whole-database invariants every workerd test file must leave behind (checked after each
// file by test/setup/check-invariants.ts): whatever a suite did, in whatever order, money adds up.
import { env } from 'cloudflare:test';

/** Subscription statuses that still bill (worker/subscriptions/store.ts's LIVE_STATUSES). */
const BILLING = `('active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete')`;

/**
 * Each query lists what breaks one invariant; every list must be empty.
 * - The balance is the sum of the ledger, and every entry's `balance_after` is its running sum.
 * - The lots hold exactly MAX(balance, 0): a hold's credits left both the balance and the lots
 *   with its `hold` entry, so what is held is the sum of active holds beside them, never in them.
 * - Every hold has its `hold` entry; a settled hold has its one `settle:{id}` entry and an active
 *   one has none.
 * - No closed account has a subscription that still bills, and no user has two.
 */
const CHECKS: Record<string, string> = {
  'balance = sum of the ledger': `
    SELECT u.id, u.credits, COALESCE(SUM(e.delta), 0) AS ledger FROM users u
    LEFT JOIN ledger_entries e ON e.user_id = u.id GROUP BY u.id HAVING u.credits != ledger`,
  'balance_after = running sum': `
    SELECT id, user_id, balance_after, running FROM (
      SELECT id, user_id, balance_after,
        SUM(delta) OVER (PARTITION BY user_id ORDER BY id ROWS UNBOUNDED PRECEDING) AS running
      FROM ledger_entries) WHERE balance_after != running`,
  'lots hold MAX(balance, 0)': `
    SELECT u.id, u.credits, COALESCE(SUM(l.remaining), 0) AS in_lots FROM users u
    LEFT JOIN lots l ON l.user_id = u.id GROUP BY u.id HAVING in_lots != MAX(u.credits, 0)`,
  'every hold has its hold entry': `
    SELECT h.id FROM holds h LEFT JOIN ledger_entries e ON e.id = h.entry_id
    WHERE e.id IS NULL OR e.kind != 'hold' OR e.delta != -h.amount OR e.user_id != h.user_id`,
  'a settled hold has its settle entry, an active one none': `
    SELECT h.id, h.status FROM holds h LEFT JOIN ledger_entries s
      ON s.user_id = h.user_id AND s.idempotency_key = 'settle:' || h.id
    WHERE (h.status = 'active') != (s.id IS NULL)`,
  'no billing subscription on a closed account': `
    SELECT s.id, s.user_id FROM subscriptions s JOIN users u ON u.id = s.user_id
    WHERE s.status IN ${BILLING} AND u.email LIKE 'deleted-%@deleted.invalid'`,
  'at most one billing subscription per user': `
    SELECT user_id, COUNT(*) AS n FROM subscriptions WHERE status IN ${BILLING}
    GROUP BY user_id HAVING n > 1`,
};

/** Throws with every broken invariant and a few of its rows; returns the number of users checked. */
export async function expectDatabaseInvariants(db: D1Database = env.DB): Promise<number> {
  const broken: string[] = [];
  for (const [name, query] of Object.entries(CHECKS)) {
    const { results } = await db.prepare(query).all();
    if (results.length > 0) broken.push(`${name}: ${JSON.stringify(results.slice(0, 5))}`);
  }
  if (broken.length > 0) throw new Error(`database invariants broken:\n${broken.join('\n')}`);
  const row = await db.prepare('SELECT COUNT(*) AS n FROM users').first<{ n: number }>();
  return row?.n ?? 0;
}
