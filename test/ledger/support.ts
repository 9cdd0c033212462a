// Shared by the ledger v2 tests: reading lot_draws, entries and holds; a purchase through the real
// webhook; a listener that publishes live and can be awaited; a socket that collects frames.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import type { OnCommit } from '../../worker/ledger/commit';
import { publishingTo } from '../../worker/live/publisher';
import { expectLedgerConsistent as expectBalanceConsistent } from '../helpers';
import { completed, deliver, type SeededCheckout, seedCheckout } from '../stripe-helpers';

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export interface Draw {
  lot_id: number;
  delta: number;
}

/** Which lots an entry drew from (negative) or returned to (positive), in the order written. */
export async function drawsOf(entryId: number): Promise<Draw[]> {
  const { results } = await env.DB.prepare('SELECT lot_id, delta FROM lot_draws WHERE entry_id = ? ORDER BY id')
    .bind(entryId)
    .all<Draw>();
  return results;
}

/** The draws sorted by lot id, for comparing regardless of write order. */
export const byLot = (draws: Draw[]) => [...draws].sort((a, b) => a.lot_id - b.lot_id);

export interface EntryRow {
  id: number;
  delta: number;
  balance_after: number;
  kind: string;
  lot_id: number | null;
  hold_id: string | null;
  source_entry_id: number | null;
  idempotency_key: string;
}

export async function entriesOf(userId: string, kind?: string): Promise<EntryRow[]> {
  const { results } = await env.DB.prepare(
    // A capture's entry is a `release` in the ledger (API.md); these tests call it what it did.
    `SELECT * FROM (SELECT id, delta, balance_after,
       CASE WHEN kind = 'release' AND fingerprint LIKE '["capture"%' THEN 'capture' ELSE kind END AS kind,
       lot_id, hold_id, source_entry_id, idempotency_key FROM ledger_entries WHERE user_id = ?1)
     WHERE ?2 IS NULL OR kind = ?2 ORDER BY id`,
  )
    .bind(userId, kind ?? null)
    .all<EntryRow>();
  return results;
}

export interface HoldRow {
  id: string;
  user_id: string;
  entry_id: number;
  amount: number;
  captured: number | null;
  status: string;
  expires_at: number;
  created_at: number;
  settled_at: number | null;
}

export async function holdRow(holdId: string): Promise<HoldRow | null> {
  return env.DB.prepare('SELECT * FROM holds WHERE id = ?').bind(holdId).first<HoldRow>();
}

export async function lotRemaining(lotId: number): Promise<number> {
  const row = await env.DB.prepare('SELECT remaining FROM lots WHERE id = ?')
    .bind(lotId)
    .first<{ remaining: number }>();
  if (!row) throw new Error(`no lot ${lotId}`);
  return row.remaining;
}

/** A paid Checkout Session delivered through the signed webhook: a `purchase` lot. */
export async function purchase(
  userId: string,
  pack = { credits: 1000, amount: 1000 },
): Promise<SeededCheckout & { lotId: number; entryId: number }> {
  const checkout = await seedCheckout(userId, pack);
  const res = await deliver(completed(checkout));
  expect(res.status).toBe(200);
  const lot = await env.DB.prepare(
    `SELECT l.id, l.entry_id FROM lots l JOIN ledger_entries e ON e.id = l.entry_id
     WHERE e.user_id = ? AND e.idempotency_key = ?`,
  )
    .bind(userId, `purchase:${checkout.sessionId}`)
    .first<{ id: number; entry_id: number }>();
  if (!lot) throw new Error('purchase opened no lot');
  return { ...checkout, lotId: lot.id, entryId: lot.entry_id };
}

/** A listener that publishes live like a request does, and lets the test wait for the pushes. */
export function livePublisher(): { onCommit: OnCommit; flushed: () => Promise<void> } {
  const pending: Promise<unknown>[] = [];
  return {
    onCommit: publishingTo(env, (p) => pending.push(p)),
    async flushed() {
      while (pending.length > 0) await Promise.all(pending.splice(0));
    },
  };
}

export { connect } from '../live-socket';

interface LotAccount {
  id: number;
  amount: number;
  remaining: number;
  kind: string | null;
  delta: number | null;
  balance_after: number | null;
  drawn: number;
}

/**
 * test/helpers.ts's invariants, plus the one lot_draws must keep: every lot's remaining is what it
 * opened with (its amount, less any debt its credit paid) plus the sum of its draws and returns.
 */
export async function expectLedgerConsistent(userId: string): Promise<number> {
  const credits = await expectBalanceConsistent(userId);
  const { results } = await env.DB.prepare(
    `SELECT l.id, l.amount, l.remaining, e.kind, e.delta, e.balance_after,
       COALESCE((SELECT SUM(d.delta) FROM lot_draws d WHERE d.lot_id = l.id), 0) AS drawn
     FROM lots l LEFT JOIN ledger_entries e ON e.id = l.entry_id WHERE l.user_id = ? ORDER BY l.id`,
  )
    .bind(userId)
    .all<LotAccount>();
  for (const lot of results) {
    const opensInDebt = lot.kind === 'purchase' || lot.kind === 'subscription' || lot.kind === 'grant';
    const opened = opensInDebt
      ? Math.max(lot.balance_after!, 0) - Math.max(lot.balance_after! - lot.delta!, 0)
      : lot.amount;
    if (lot.remaining !== opened + lot.drawn)
      throw new Error(`lot ${lot.id}: remaining ${lot.remaining} but opened ${opened} and drew ${lot.drawn}`);
  }
  return credits;
}
