// Ledger v2 migration (issue 10 item 1): data written by the v1 ledger — purchases, spends, a partial
// refund, debt, a dispute — keeps every balance and ledger sum, each positive balance moves into one
// never-expiring lot, debt opens none, and the v2 ledger works on it afterwards. The seed is the v1
// ledger's own SQL: the one place raw ledger SQL is right, since it simulates the old data.
import { applyD1Migrations, env } from 'cloudflare:test';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../worker/db/client';
import { ignoreCommits } from '../../worker/ledger/commit';
import { grant, spend } from '../../worker/ledger/spending';
import { handleStripeEvent } from '../../worker/settlement/stripe-events';
import { chargeRefunded, dispute, type SeededCheckout } from '../stripe-helpers';

const d1 = env.MIGRATION_DB;
const db = createDb(d1);
const V2_FIRST = '0004';

/** The v1 ledger's move: INSERT … SELECT over the user row; the v1 trigger applied it to the balance. */
function v1Entry(userId: string, delta: number, kind: string, reference: string, key: string) {
  return d1
    .prepare(
      `INSERT INTO ledger_entries (user_id, delta, balance_after, version, kind, reference, idempotency_key, fingerprint)
       SELECT u.id, ?2, u.credits + ?2, u.version + 1, ?3, ?4, ?5, '' FROM users u WHERE u.id = ?1
       ON CONFLICT (user_id, idempotency_key) DO NOTHING`,
    )
    .bind(userId, delta, kind, reference, key);
}

function v1Session(userId: string, n: number, credits: number, status: string, refunded = 0): SeededCheckout {
  const c = {
    sessionId: `cs_v1_${userId}_${n}`,
    paymentIntent: `pi_v1_${userId}_${n}`,
    chargeId: `ch_v1_${userId}_${n}`,
    credits,
    amount: credits,
    currency: 'usd',
  };
  seed.push(
    d1
      .prepare(
        `INSERT INTO checkout_sessions (id, user_id, pack_id, credits, amount, currency, status, payment_intent, amount_refunded)
         VALUES (?, ?, 'starter', ?, ?, 'usd', ?, ?, ?)`,
      )
      .bind(c.sessionId, userId, credits, credits, status, c.paymentIntent, refunded),
  );
  return c;
}

const seed: D1PreparedStatement[] = [];
const user = (id: string) =>
  seed.push(
    d1.prepare(`INSERT INTO users (id, email, password_hash) VALUES (?, ?, 'x')`).bind(id, `${id}@example.com`),
  );

// rich: bought 1000 and 500, spent 300, 40% of the first purchase refunded, spent 100 → 700.
user('rich');
const rich1 = v1Session('rich', 1, 1000, 'credited', 400);
const rich2 = v1Session('rich', 2, 500, 'credited');
// debtor: bought 1000, spent 900, the whole purchase refunded → -900.
user('debtor');
const debt1 = v1Session('debtor', 1, 1000, 'refunded', 1000);
// zero: bought 200 and spent it all.
user('zero');
const zero1 = v1Session('zero', 1, 200, 'credited');
// disputed: bought 500, spent 100, then a dispute took the 500 → -100 (the dispute is still open).
user('disputed');
const disp1 = v1Session('disputed', 1, 500, 'credited');
// wonv1: bought 300, a dispute took it and was won back under v1's key (`dispute_won:`) → 300.
user('wonv1');
const won1 = v1Session('wonv1', 1, 300, 'credited');
// never bought anything.
user('idle');

seed.push(
  v1Entry('rich', 1000, 'purchase', rich1.sessionId, `purchase:${rich1.sessionId}`),
  v1Entry('rich', 500, 'purchase', rich2.sessionId, `purchase:${rich2.sessionId}`),
  v1Entry('rich', -300, 'spend', 'render', 'spend:a'),
  v1Entry('rich', -400, 'refund', rich1.sessionId, `refund:${rich1.paymentIntent}:400`),
  v1Entry('rich', -100, 'spend', 'render', 'spend:b'),
  v1Entry('debtor', 1000, 'purchase', debt1.sessionId, `purchase:${debt1.sessionId}`),
  v1Entry('debtor', -900, 'spend', 'render', 'spend:a'),
  v1Entry('debtor', -1000, 'refund', debt1.sessionId, `refund:${debt1.paymentIntent}:1000`),
  v1Entry('zero', 200, 'purchase', zero1.sessionId, `purchase:${zero1.sessionId}`),
  v1Entry('zero', -200, 'spend', 'render', 'spend:a'),
  v1Entry('disputed', 500, 'purchase', disp1.sessionId, `purchase:${disp1.sessionId}`),
  v1Entry('disputed', -100, 'spend', 'render', 'spend:a'),
  v1Entry('disputed', -500, 'dispute', disp1.sessionId, 'dispute:dp_v1'),
  v1Entry('wonv1', 300, 'purchase', won1.sessionId, `purchase:${won1.sessionId}`),
  v1Entry('wonv1', -300, 'dispute', won1.sessionId, 'dispute:dp_w'),
  v1Entry('wonv1', 300, 'dispute_reversal', won1.sessionId, 'dispute_won:dp_w'),
);

const USERS = ['rich', 'debtor', 'zero', 'disputed', 'wonv1', 'idle'];
type Snapshot = Record<string, { credits: number; version: number; sum: number; entries: number }>;

async function snapshot(): Promise<Snapshot> {
  const { results } = await d1
    .prepare(
      `SELECT u.id, u.credits, u.version, COALESCE(SUM(e.delta), 0) AS sum, COUNT(e.id) AS entries
       FROM users u LEFT JOIN ledger_entries e ON e.user_id = u.id GROUP BY u.id`,
    )
    .all<{ id: string; credits: number; version: number; sum: number; entries: number }>();
  return Object.fromEntries(results.map(({ id, ...rest }) => [id, rest]));
}

async function lotsIn(userId: string) {
  const { results } = await d1
    .prepare(
      'SELECT id, source, amount, remaining, expires_at, entry_id, reference FROM lots WHERE user_id = ? ORDER BY id',
    )
    .bind(userId)
    .all<{ id: number; source: string; amount: number; remaining: number; expires_at: number | null }>();
  return results;
}

/** expectLedgerConsistent, for the migrated database. */
async function expectConsistentIn(userId: string): Promise<number> {
  const snap = (await snapshot())[userId]!;
  expect(snap.sum).toBe(snap.credits);
  const lots = await lotsIn(userId);
  for (const lot of lots) expect(lot.remaining >= 0 && lot.remaining <= lot.amount).toBe(true);
  expect(lots.reduce((s, l) => s + l.remaining, 0)).toBe(Math.max(snap.credits, 0));
  const { results } = await d1
    .prepare('SELECT delta, balance_after FROM ledger_entries WHERE user_id = ? ORDER BY id')
    .bind(userId)
    .all<{ delta: number; balance_after: number }>();
  let running = 0;
  for (const r of results) expect(r.balance_after).toBe((running += r.delta));
  return snap.credits;
}

let before: Snapshot;

beforeAll(async () => {
  await applyD1Migrations(
    d1,
    env.TEST_MIGRATIONS.filter((m) => m.name < V2_FIRST),
  );
  await d1.batch(seed);
  before = await snapshot();
  await applyD1Migrations(d1, env.TEST_MIGRATIONS);
});

describe('migrating v1 data to ledger v2', () => {
  it('the seed is what v1 would hold', () => {
    expect(before).toEqual({
      rich: { credits: 700, version: 5, sum: 700, entries: 5 },
      debtor: { credits: -900, version: 3, sum: -900, entries: 3 },
      zero: { credits: 0, version: 2, sum: 0, entries: 2 },
      disputed: { credits: -100, version: 3, sum: -100, entries: 3 },
      wonv1: { credits: 300, version: 3, sum: 300, entries: 3 },
      idle: { credits: 0, version: 0, sum: 0, entries: 0 },
    });
  });

  it('keeps every balance, version and ledger sum', async () => {
    expect(await snapshot()).toEqual(before);
    for (const id of USERS) await expectConsistentIn(id);
  });

  it('moves each positive balance into one never-expiring lot; debt and zero open none', async () => {
    expect(await lotsIn('rich')).toEqual([
      {
        id: expect.any(Number),
        source: 'purchase',
        amount: 700,
        remaining: 700,
        expires_at: null,
        entry_id: null,
        reference: 'ledger-v1-balance',
      },
    ]);
    expect((await lotsIn('wonv1')).map((l) => [l.source, l.amount, l.remaining, l.expires_at])).toEqual([
      ['purchase', 300, 300, null],
    ]);
    for (const id of ['debtor', 'zero', 'disputed', 'idle']) expect(await lotsIn(id)).toEqual([]);
  });

  it('spends, refunds and grants work on the migrated data', async () => {
    const [lot] = await lotsIn('rich');
    const spent = await spend(db, ignoreCommits, {
      userId: 'rich',
      amount: 200,
      reason: 'render',
      idempotencyKey: 'v2',
    });
    expect(spent).toMatchObject({ outcome: 'spent', credits: 500 });
    if (spent.outcome !== 'spent') throw new Error();
    const draws = await d1.prepare('SELECT lot_id, delta FROM lot_draws WHERE entry_id = ?').bind(spent.entryId).all();
    expect(draws.results).toEqual([{ lot_id: lot!.id, delta: -200 }]);

    // The rest of the v1-refunded purchase (60% = 600 credits): takes the lot, then runs into debt.
    const refunded = await handleStripeEvent(db, ignoreCommits, chargeRefunded(rich1, 1000) as unknown as Stripe.Event);
    expect(refunded).toMatchObject({ outcome: 'clawed_back', status: 'refunded' });
    expect(await expectConsistentIn('rich')).toBe(-100);
    // The v1 refund event redelivered claws back nothing more.
    const late = await handleStripeEvent(db, ignoreCommits, chargeRefunded(rich1, 400) as unknown as Stripe.Event);
    expect(late.entries).toEqual([]);

    // A grant to the debtor pays the debt first.
    const granted = await grant(db, ignoreCommits, {
      userId: 'debtor',
      amount: 1000,
      reason: 'goodwill',
      idempotencyKey: 'g',
    });
    expect(granted).toMatchObject({ outcome: 'granted', credits: 100 });
    expect((await lotsIn('debtor')).map((l) => [l.amount, l.remaining])).toEqual([[1000, 100]]);
    expect(await expectConsistentIn('debtor')).toBe(100);

    // A v1 dispute won after the migration gives back what it took; the lot it came from predates
    // lots, so the credit opens a never-expiring one.
    const won = await handleStripeEvent(
      db,
      ignoreCommits,
      dispute('charge.dispute.closed', disp1, 'dp_v1', 500, 'won') as unknown as Stripe.Event,
    );
    expect(won).toMatchObject({ outcome: 'dispute_reversed' });
    expect(await expectConsistentIn('disputed')).toBe(400);
    expect((await lotsIn('disputed')).map((l) => [l.source, l.remaining, l.expires_at])).toEqual([
      ['purchase', 400, null],
    ]);
    // A dispute v1 already reversed (keyed `dispute_won:`) is not given back twice when redelivered.
    const again = await handleStripeEvent(
      db,
      ignoreCommits,
      dispute('charge.dispute.closed', won1, 'dp_w', 300, 'won') as unknown as Stripe.Event,
    );
    expect(again.entries).toEqual([]);
    expect(await expectConsistentIn('wonv1')).toBe(300);
    expect(await expectConsistentIn('zero')).toBe(0);
    expect(
      await spend(db, ignoreCommits, { userId: 'zero', amount: 1, reason: 'render', idempotencyKey: 'z' }),
    ).toEqual({ outcome: 'insufficient' });
  });
});
