// Lots and the spending order (issue 10 item 1): every credit sits in a lot, every debit draws lots
// soonest-expiring first, never-expiring last, oldest first among equals, and lot_draws records it.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { grant, spend } from '../../worker/ledger/spending';
import { api, balanceOf, lotsOf, signUp, testDb } from '../helpers';
import { chargeRefunded, deliver } from '../stripe-helpers';
import { byLot, DAY, drawsOf, entriesOf, expectLedgerConsistent, HOUR, lotRemaining, purchase } from './support';

const db = testDb();

async function grantLot(userId: string, amount: number, expiresAt: number | null, reason = 'promo', now = Date.now()) {
  const result = await grant(
    db,
    ignoreCommits,
    { userId, amount, reason, idempotencyKey: crypto.randomUUID(), expiresAt },
    now,
  );
  if (result.outcome !== 'granted') throw new Error(result.outcome);
  return result;
}

async function spendOk(userId: string, amount: number, reason = 'render', now = Date.now()) {
  const result = await spend(db, ignoreCommits, { userId, amount, reason, idempotencyKey: crypto.randomUUID() }, now);
  if (result.outcome !== 'spent') throw new Error(result.outcome);
  return result;
}

describe('lots', () => {
  it('a purchase opens a never-expiring purchase lot; a grant opens a grant lot with its expiry', async () => {
    const user = await signUp();
    const bought = await purchase(user.id, { credits: 1000, amount: 1000 });
    const expiresAt = Date.now() + 3 * DAY;
    const granted = await grantLot(user.id, 50, expiresAt, 'welcome');

    expect(await lotsOf(user.id)).toEqual([
      {
        id: bought.lotId,
        source: 'purchase',
        amount: 1000,
        remaining: 1000,
        expires_at: null,
        entry_id: bought.entryId,
        reference: bought.sessionId,
      },
      {
        id: granted.lotId,
        source: 'grant',
        amount: 50,
        remaining: 50,
        expires_at: expiresAt,
        entry_id: granted.entryId,
        reference: 'welcome',
      },
    ]);
    expect(await balanceOf(user.id)).toEqual({ credits: 1050, version: 2 });
    expect(await expectLedgerConsistent(user.id)).toBe(1050);
  });
});

describe('the spending order', () => {
  it('draws the soonest expiry first, never-expiring last, the oldest first among equals', async () => {
    const user = await signUp();
    const now = Date.now();
    const p = await purchase(user.id, { credits: 100, amount: 100 });
    const never = await grantLot(user.id, 50, null);
    const later = await grantLot(user.id, 30, now + 3 * DAY);
    const soon1 = await grantLot(user.id, 20, now + DAY);
    const soon2 = await grantLot(user.id, 10, now + DAY);

    const first = await spendOk(user.id, 150);
    expect(first.credits).toBe(60);
    expect(byLot(await drawsOf(first.entryId))).toEqual(
      byLot([
        { lot_id: soon1.lotId, delta: -20 },
        { lot_id: soon2.lotId, delta: -10 },
        { lot_id: later.lotId, delta: -30 },
        { lot_id: p.lotId, delta: -90 },
      ]),
    );
    // The older never-expiring lot (the purchase) goes before the newer one (the grant).
    const second = await spendOk(user.id, 20);
    expect(byLot(await drawsOf(second.entryId))).toEqual(
      byLot([
        { lot_id: p.lotId, delta: -10 },
        { lot_id: never.lotId, delta: -10 },
      ]),
    );
    expect((await lotsOf(user.id)).map((l) => [l.id, l.remaining])).toEqual([
      [p.lotId, 0],
      [never.lotId, 40],
      [later.lotId, 0],
      [soon1.lotId, 0],
      [soon2.lotId, 0],
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(40);
  });

  it('"which lots paid for this spend" and "was this purchase spent" are one query each on lot_draws', async () => {
    const user = await signUp();
    const bought = await purchase(user.id, { credits: 500, amount: 500 });
    await grantLot(user.id, 40, Date.now() + DAY, 'spring promo');
    const render = await spendOk(user.id, 100, 'render 42');

    const { results: paidBy } = await env.DB.prepare(
      `SELECT l.source, l.reference, -d.delta AS credits FROM lot_draws d JOIN lots l ON l.id = d.lot_id
       WHERE d.entry_id = ? ORDER BY l.expires_at IS NULL, l.expires_at, l.id`,
    )
      .bind(render.entryId)
      .all();
    expect(paidBy).toEqual([
      { source: 'grant', reference: 'spring promo', credits: 40 },
      { source: 'purchase', reference: bought.sessionId, credits: 60 },
    ]);

    const spentOfPurchase = await env.DB.prepare(
      `SELECT COALESCE(-SUM(d.delta), 0) AS spent FROM lot_draws d JOIN ledger_entries e ON e.id = d.entry_id
       WHERE d.lot_id = ? AND e.kind = 'spend'`,
    )
      .bind(bought.lotId)
      .first<{ spent: number }>();
    expect(spentOfPurchase).toEqual({ spent: 60 });
    expect(await expectLedgerConsistent(user.id)).toBe(440);
  });

  it('a refund claws back from its own purchase lot first, even before a sooner-expiring lot', async () => {
    const user = await signUp();
    const promo = await grantLot(user.id, 100, Date.now() + 2 * DAY);
    const p1 = await purchase(user.id, { credits: 1000, amount: 1000 });
    const p2 = await purchase(user.id, { credits: 500, amount: 500 });

    expect((await deliver(chargeRefunded(p1, 400))).status).toBe(200);
    const [refund] = await entriesOf(user.id, 'refund');
    expect(refund).toMatchObject({ delta: -400, lot_id: p1.lotId, balance_after: 1200 });
    expect(await drawsOf(refund!.id)).toEqual([{ lot_id: p1.lotId, delta: -400 }]);
    expect([await lotRemaining(promo.lotId), await lotRemaining(p1.lotId), await lotRemaining(p2.lotId)]).toEqual([
      100, 600, 500,
    ]);
    expect(await expectLedgerConsistent(user.id)).toBe(1200);
  });

  it('a clawback larger than its own lot takes the rest in the spending order, then runs into debt', async () => {
    const user = await signUp();
    const promo = await grantLot(user.id, 100, Date.now() + 2 * DAY);
    const p1 = await purchase(user.id, { credits: 1000, amount: 1000 });
    const p2 = await purchase(user.id, { credits: 500, amount: 500 });
    const later = await grantLot(user.id, 200, Date.now() + 5 * DAY);
    // Draws promo (100), later (200), then the older purchase p1 (800 of 1000).
    await spendOk(user.id, 1100);
    expect((await lotsOf(user.id)).map((l) => [l.id, l.remaining])).toEqual([
      [promo.lotId, 0],
      [p1.lotId, 200],
      [p2.lotId, 500],
      [later.lotId, 0],
    ]);

    expect((await deliver(chargeRefunded(p1, 1000))).status).toBe(200);
    const [refund] = await entriesOf(user.id, 'refund');
    expect(refund).toMatchObject({ delta: -1000, balance_after: -300, lot_id: p1.lotId });
    expect(byLot(await drawsOf(refund!.id))).toEqual(
      byLot([
        { lot_id: p1.lotId, delta: -200 },
        { lot_id: p2.lotId, delta: -500 },
      ]),
    );
    expect((await lotsOf(user.id)).every((l) => l.remaining === 0)).toBe(true);
    expect(await expectLedgerConsistent(user.id)).toBe(-300);
  });

  it('a grant or purchase made in debt pays the debt first: its lot opens with what is left', async () => {
    const user = await signUp();
    const p1 = await purchase(user.id, { credits: 1000, amount: 1000 });
    await spendOk(user.id, 900);
    expect((await deliver(chargeRefunded(p1, 1000))).status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(-900);

    const small = await grantLot(user.id, 600, null, 'goodwill');
    expect(small.credits).toBe(-300);
    const big = await grantLot(user.id, 500, Date.now() + DAY, 'promo');
    expect(big.credits).toBe(200);
    const p2 = await purchase(user.id, { credits: 100, amount: 100 });

    const lots = await lotsOf(user.id);
    expect(lots.find((l) => l.id === small.lotId)).toMatchObject({ amount: 600, remaining: 0 });
    expect(lots.find((l) => l.id === big.lotId)).toMatchObject({ amount: 500, remaining: 200 });
    expect(lots.find((l) => l.id === p2.lotId)).toMatchObject({ amount: 100, remaining: 100 });
    // Paying a debt draws no lot.
    expect(await drawsOf(small.entryId)).toEqual([]);
    expect(await drawsOf(big.entryId)).toEqual([]);
    expect(await expectLedgerConsistent(user.id)).toBe(300);
  });
});

describe('GET /api/credits/lots', () => {
  it('lists the lots with credit left, unexpired, in spending order, in the API.md shape', async () => {
    const user = await signUp();
    const now = Date.now();
    const spentOut = await grantLot(user.id, 10, now + HOUR, 'used up', now);
    const bought = await purchase(user.id, { credits: 1000, amount: 1000 });
    const bonus = await grantLot(user.id, 50, null, 'bonus', now);
    const week = await grantLot(user.id, 20, now + 2 * DAY, 'week', now);
    const day = await grantLot(user.id, 30, now + DAY, 'day', now);
    // Expired a second ago and not yet swept: still in the balance, but not listed (not spendable).
    await grantLot(user.id, 5, now - 1000, 'gone', now - 2000);
    await spendOk(user.id, 10);
    expect(await lotRemaining(spentOut.lotId)).toBe(0);

    const res = await api('/api/credits/lots', { cookie: user.cookie });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { lots: Record<string, unknown>[] };
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(body).toEqual({
      lots: [
        {
          id: day.lotId,
          source: 'grant',
          amount: 30,
          remaining: 30,
          expiresAt: iso(now + DAY),
          reference: 'day',
          createdAt: iso(now),
        },
        {
          id: week.lotId,
          source: 'grant',
          amount: 20,
          remaining: 20,
          expiresAt: iso(now + 2 * DAY),
          reference: 'week',
          createdAt: iso(now),
        },
        {
          id: bought.lotId,
          source: 'purchase',
          amount: 1000,
          remaining: 1000,
          expiresAt: null,
          reference: bought.sessionId,
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
        {
          id: bonus.lotId,
          source: 'grant',
          amount: 50,
          remaining: 50,
          expiresAt: null,
          reference: 'bonus',
          createdAt: iso(now),
        },
      ],
    });
    expect(await expectLedgerConsistent(user.id)).toBe(1105);
  });

  it('answers 401 without a session', async () => {
    const res = await api('/api/credits/lots');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in to continue.' } });
  });
});
