// Spending and the ledger (docs/api.md "Credits"): idempotent, atomic, never below zero.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, balanceOf, expectLedgerConsistent, grantCredits, ledgerRows, signUp } from './helpers';

const spend = (cookie: string, body: unknown) => api('/api/credits/spend', { method: 'POST', cookie, body });

describe('POST /api/credits/spend', () => {
  it('debits the balance, writes one spend entry and answers the new balance', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const res = await spend(user.cookie, { amount: 30, reason: 'render video', idempotencyKey: 'k1' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { credits: number; entryId: number };
    expect(body.credits).toBe(70);
    const rows = await ledgerRows(user.id);
    expect(rows.at(-1)).toMatchObject({
      id: body.entryId,
      delta: -30,
      balance_after: 70,
      kind: 'spend',
      reference: 'render video',
    });
    expect(await balanceOf(user.id)).toEqual({ credits: 70, version: 2 });
    expect(await expectLedgerConsistent(user.id)).toBe(70);
  });

  it('answers 402 insufficient_credits and writes nothing when the balance is short', async () => {
    const user = await signUp();
    await grantCredits(user.id, 10);
    const res = await spend(user.cookie, { amount: 11, reason: 'too much', idempotencyKey: 'k' });
    expect(res.status).toBe(402);
    expect(await res.json()).toEqual({
      error: { code: 'insufficient_credits', message: 'Not enough credits for this spend.' },
    });
    expect(await ledgerRows(user.id)).toHaveLength(1);
    expect(await balanceOf(user.id)).toEqual({ credits: 10, version: 1 });
  });

  it('replaying a key returns the first answer and debits nothing', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const body = { amount: 25, reason: 'thumbnail', idempotencyKey: 'same-key' };
    const first = await (await spend(user.cookie, body)).json();
    await spend(user.cookie, { amount: 5, reason: 'other', idempotencyKey: 'other-key' });
    const replay = await spend(user.cookie, body);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(first);
    expect((await balanceOf(user.id)).credits).toBe(70);
    expect((await ledgerRows(user.id)).filter((r) => r.kind === 'spend')).toHaveLength(2);
  });

  it('answers 409 when a key is reused with another amount or reason, and debits nothing', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    await spend(user.cookie, { amount: 10, reason: 'a', idempotencyKey: 'k' });
    for (const body of [
      { amount: 11, reason: 'a', idempotencyKey: 'k' },
      { amount: 10, reason: 'b', idempotencyKey: 'k' },
    ]) {
      const res = await spend(user.cookie, body);
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('idempotency_conflict');
    }
    expect((await balanceOf(user.id)).credits).toBe(90);
  });

  it('keys are per user: two users may use the same key', async () => {
    const [a, b] = [await signUp(), await signUp()];
    await grantCredits(a.id, 10);
    await grantCredits(b.id, 10);
    const body = { amount: 4, reason: 'x', idempotencyKey: 'shared' };
    expect((await spend(a.cookie, body)).status).toBe(200);
    expect((await spend(b.cookie, body)).status).toBe(200);
    expect((await balanceOf(a.id)).credits).toBe(6);
    expect((await balanceOf(b.id)).credits).toBe(6);
  });

  it('50 concurrent spends never overdraw and the ledger sums to the balance', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        spend(user.cookie, { amount: 7, reason: 'burst', idempotencyKey: `burst-${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(14); // 14 × 7 = 98 ≤ 100 < 15 × 7
    expect(statuses.filter((s) => s === 402)).toHaveLength(36);
    expect(await expectLedgerConsistent(user.id)).toBe(2);
    const { results: negatives } = await env.DB.prepare(
      'SELECT id FROM ledger_entries WHERE user_id = ? AND balance_after < 0',
    )
      .bind(user.id)
      .all();
    expect(negatives).toHaveLength(0);
  });

  it.each([
    [{ amount: 0, reason: 'r', idempotencyKey: 'k' }, 'amount: must be positive'],
    [{ amount: -5, reason: 'r', idempotencyKey: 'k' }, 'amount: must be positive'],
    [{ amount: 1.5, reason: 'r', idempotencyKey: 'k' }, 'amount: must be a whole number'],
    [{ amount: '5', reason: 'r', idempotencyKey: 'k' }, 'amount: must be a number'],
    [{ amount: 5, reason: '', idempotencyKey: 'k' }, 'reason: must not be empty'],
    [{ amount: 5, reason: 'r', idempotencyKey: '' }, 'idempotencyKey: must be 1-255 characters'],
    [{ amount: 5, reason: 'r', idempotencyKey: 'k'.repeat(256) }, 'idempotencyKey: must be 1-255 characters'],
    [{ amount: 5, reason: 'r' }, 'idempotencyKey: must be a string'],
  ])('answers 400 for %j and debits nothing', async (body, message) => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const res = await spend(user.cookie, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message } });
    expect(await balanceOf(user.id)).toEqual({ credits: 100, version: 1 });
  });

  it('answers 401 when signed out', async () => {
    const res = await api('/api/credits/spend', {
      method: 'POST',
      body: { amount: 1, reason: 'r', idempotencyKey: 'k' },
    });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/credits/ledger', () => {
  it('pages newest first with a cursor, and the deltas sum to the balance', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    for (let i = 1; i <= 4; i++) {
      await spend(user.cookie, { amount: i, reason: `spend ${i}`, idempotencyKey: `p${i}` });
    }
    const seen: {
      id: number;
      delta: number;
      kind: string;
      balanceAfter: number;
      reference: string;
      createdAt: string;
    }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api(`/api/credits/ledger?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        cookie: user.cookie,
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { entries: typeof seen; nextCursor: string | null };
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((e) => e.delta)).toEqual([-4, -3, -2, -1, 100]);
    expect(seen[0]).toMatchObject({ kind: 'spend', reference: 'spend 4', balanceAfter: 90 });
    expect(new Date(seen[0]!.createdAt).getTime()).toBeGreaterThan(0);
    expect(seen.reduce((s, e) => s + e.delta, 0)).toBe((await balanceOf(user.id)).credits);
  });

  it("shows only the signed-in user's entries", async () => {
    const [a, b] = [await signUp(), await signUp()];
    await grantCredits(a.id, 50);
    const res = await api('/api/credits/ledger', { cookie: b.cookie });
    expect(await res.json()).toEqual({ entries: [], nextCursor: null });
  });

  it.each([
    ['limit=0', 'limit: must be an integer from 1 to 100'],
    ['limit=101', 'limit: must be an integer from 1 to 100'],
    ['limit=abc', 'limit: must be an integer from 1 to 100'],
    ['cursor=-1', 'cursor: is not a valid cursor'],
    ['cursor=abc', 'cursor: is not a valid cursor'],
  ])('answers 400 for %s', async (query, message) => {
    const user = await signUp();
    const res = await api(`/api/credits/ledger?${query}`, { cookie: user.cookie });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'invalid_request', message } });
  });
});

describe('the ledger table', () => {
  it('is append-only: updates and deletes are refused by the database', async () => {
    const user = await signUp();
    await grantCredits(user.id, 5);
    await expect(env.DB.prepare('UPDATE ledger_entries SET delta = 500').run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM ledger_entries').run()).rejects.toThrow(/append-only/);
    expect((await balanceOf(user.id)).credits).toBe(5);
  });

  it('refuses an entry whose balance_after does not follow from the balance', async () => {
    const user = await signUp();
    await expect(
      env.DB.prepare(
        `INSERT INTO ledger_entries (user_id, delta, balance_after, version, kind, reference, idempotency_key)
         VALUES (?, 10, 999, 1, 'adjustment', 'bad', 'bad')`,
      )
        .bind(user.id)
        .run(),
    ).rejects.toThrow(/mismatch/);
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
  });
});
