// Expiry: lots past their expires_at lose what remained (one `expire` entry per lot), and active
// holds past theirs are released (status `expired`). Run by the user's BalanceRoom alarm at the
// next deadline, and by a cron every minute as the safety net. Alarms fire at least once and the
// two may race: each move re-checks its condition when it runs (D1 runs statements one at a time),
// so a lot or hold already swept is simply skipped. Spending never waits for a sweep: expired
// credit is unspendable from the instant it expires (see spendableSql).
import { sql } from 'drizzle-orm';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { type Committed, commit, type Move, type OnCommit, type Step } from './commit';
import { settleStatements } from './holds';
import type { AccountState } from './state';

/** Empties one expired lot. The key counts the lot's draws, so a lot refilled later (a hold's
 * credits returned to it) can expire again, while two sweeps of the same state write one entry. */
export function expireLotMove(lotId: number, userId: string, now: number): Move {
  return {
    kind: 'expire',
    user: userId,
    reference: sql`l.reference`,
    idempotencyKey: sql`'expire:' || l.id || ':' || (SELECT COUNT(*) FROM lot_draws d WHERE d.lot_id = l.id)`,
    lotId,
    delta: sql`-l.remaining`,
    from: sql`FROM lots l JOIN users u ON u.id = l.user_id
      WHERE l.id = ${lotId} AND l.remaining > 0 AND l.expires_at <= ${now}`,
  };
}

interface Due {
  holds: { id: string; user_id: string }[];
  lots: { id: number; user_id: string }[];
}

/**
 * Holds first: their credits may return to a lot that expired meanwhile, which then expires. The
 * holds settle in the order they fell due (then oldest first), as on-time sweeps would have: while
 * the user is in debt, only the later returns reach lots, so the alarm and the cron must agree.
 */
function sweepSteps(due: Due, now: number): Step[] {
  const steps: Step[] = [];
  for (const hold of due.holds) {
    const { move, alongside } = settleStatements(hold.user_id, hold.id, { kind: 'expire' }, now);
    steps.push({ move }, ...alongside);
  }
  for (const lot of due.lots) steps.push({ move: expireLotMove(lot.id, lot.user_id, now) });
  return steps;
}

export interface SweepResult {
  expiredLots: number;
  expiredHolds: number;
  /** The user's state after the sweep (for the alarm to re-arm), when this was a user sweep. */
  state: AccountState | null;
}

/** Sweeps one user (the BalanceRoom alarm, or anyone who finds a deadline passed). */
export async function sweepUser(db: Db, onCommit: OnCommit, userId: string, now = Date.now()): Promise<SweepResult> {
  const [holds, lots] = (await runBatch(db, [
    sql`SELECT id, user_id FROM holds WHERE user_id = ${userId} AND status = 'active' AND expires_at <= ${now}
        ORDER BY expires_at, entry_id`,
    // Lots still holding expired credit, and the lots a due hold drew from (its return may refill them).
    sql`SELECT id, user_id FROM lots WHERE user_id = ${userId} AND remaining > 0 AND expires_at <= ${now}
        UNION SELECT d.lot_id, h.user_id FROM holds h JOIN lot_draws d ON d.entry_id = h.entry_id
          JOIN lots l ON l.id = d.lot_id
        WHERE h.user_id = ${userId} AND h.status = 'active' AND h.expires_at <= ${now} AND l.expires_at <= ${now}`,
  ])) as unknown as [Due['holds'], Due['lots']];
  const due = { holds, lots };
  const steps = sweepSteps(due, now);
  // Always commit at least the state read, so the alarm learns the next deadline.
  const committed = await commit(db, onCommit, {
    now,
    steps: steps.length > 0 ? steps : [{ move: noopMove(userId) }],
  });
  return { ...count(committed), state: committed.states[0] ?? null };
}

/** A move that never applies, so an empty sweep still reads the user's state in one round trip. */
function noopMove(userId: string): Move {
  return {
    kind: 'expire',
    user: userId,
    reference: '',
    idempotencyKey: '',
    delta: sql`0`,
    from: sql`FROM users u WHERE 0`,
  };
}

function count(committed: Committed): Pick<SweepResult, 'expiredLots' | 'expiredHolds'> {
  return {
    expiredLots: committed.entries.filter((e) => e.kind === 'expire').length,
    expiredHolds: committed.entries.filter((e) => e.kind === 'release').length,
  };
}

/** Moves per batch in the cron sweep: small enough to keep each D1 batch short. */
const SWEEP_CHUNK = 100;

/**
 * The cron's safety net: everything due across all users, `limit` lots and holds at most per run
 * (a run that hits the limit leaves the rest to the next minute).
 */
export async function sweepDue(
  db: Db,
  onCommit: OnCommit,
  now = Date.now(),
  limit = 20_000,
): Promise<Omit<SweepResult, 'state'>> {
  const [holds, lots] = (await runBatch(db, [
    sql`SELECT id, user_id FROM holds WHERE status = 'active' AND expires_at <= ${now}
        ORDER BY expires_at, entry_id LIMIT ${limit}`,
    sql`SELECT id, user_id FROM lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ${now} LIMIT ${limit}`,
  ])) as unknown as [Due['holds'], Due['lots']];
  const result = { expiredLots: 0, expiredHolds: 0 };
  for (let i = 0; i < holds.length; i += SWEEP_CHUNK) {
    const done = count(
      await commit(db, onCommit, { now, steps: sweepSteps({ holds: holds.slice(i, i + SWEEP_CHUNK), lots: [] }, now) }),
    );
    result.expiredHolds += done.expiredHolds;
  }
  // Lots after holds: a hold's return may have refilled a lot read as empty above; the next run
  // (or the user's alarm) expires that.
  for (let i = 0; i < lots.length; i += SWEEP_CHUNK) {
    const done = count(
      await commit(db, onCommit, { now, steps: sweepSteps({ holds: [], lots: lots.slice(i, i + SWEEP_CHUNK) }, now) }),
    );
    result.expiredLots += done.expiredLots;
  }
  return result;
}
