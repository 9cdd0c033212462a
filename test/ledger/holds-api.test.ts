// Holds over HTTP, the edges (API.md "Holds"): extend within 24 h of creation, 400 bodies, 402,
// idempotent reserve (same key → same answer, other parameters → 409), other users' holds → 404.
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { reserveHold } from '../../worker/ledger/holds';
import { grant } from '../../worker/ledger/spending';
import { roomFor } from '../../worker/live/publisher';
import { type Account, api, balanceOf, signUp, testDb } from '../helpers';
import { entriesOf, expectLedgerConsistent, HOUR, holdRow } from './support';

const db = testDb();

interface HoldBody {
  id: string;
  amount: number;
  status: string;
  expiresAt: string;
  createdAt: string;
}

async function grantLot(userId: string, amount: number) {
  const result = await grant(db, ignoreCommits, {
    userId,
    amount,
    reason: 'promo',
    idempotencyKey: crypto.randomUUID(),
  });
  if (result.outcome !== 'granted') throw new Error(result.outcome);
}

const post = (user: Account, path: string, body?: unknown) =>
  api(`/api/credits/holds${path}`, { method: 'POST', cookie: user.cookie, body: body ?? {} });

async function reserve(user: Account, body: Record<string, unknown> = {}) {
  const res = await post(user, '', { amount: 10, reason: 'render', idempotencyKey: crypto.randomUUID(), ...body });
  expect(res.status).toBe(201);
  return ((await res.json()) as { hold: HoldBody }).hold;
}

/** Polls until `check` holds (a background publish has landed), or fails after 2 s. */
async function until(check: () => Promise<boolean>) {
  const deadline = Date.now() + 2000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function errorOf(res: Response) {
  return { status: res.status, body: await res.json() };
}

describe('extend', () => {
  it('moves expiresAt to now + ttl, but never more than 24 h after the hold was made', async () => {
    const user = await signUp();
    await grantLot(user.id, 100);
    const made = Date.now() - 20 * HOUR;
    const reserved = await reserveHold(
      db,
      ignoreCommits,
      { userId: user.id, amount: 40, reason: 'long render', idempotencyKey: 'long', ttlSeconds: 86_400 },
      made,
    );
    if (reserved.outcome !== 'reserved') throw new Error(reserved.outcome);
    const id = reserved.hold.id;

    const before = Date.now();
    const res = await post(user, `/${id}/extend`, { ttlSeconds: 3600 });
    expect(res.status).toBe(200);
    const { hold } = (await res.json()) as { hold: HoldBody };
    expect(Date.parse(hold.expiresAt)).toBeGreaterThanOrEqual(before + HOUR);
    expect(Date.parse(hold.expiresAt)).toBeLessThanOrEqual(Date.now() + HOUR);
    expect(hold).toMatchObject({ id, amount: 40, status: 'active', createdAt: new Date(made).toISOString() });

    const capped = (await (await post(user, `/${id}/extend`, { ttlSeconds: 86_400 })).json()) as { hold: HoldBody };
    expect(capped.hold.expiresAt).toBe(new Date(made + 24 * HOUR).toISOString());
    expect((await holdRow(id))?.expires_at).toBe(made + 24 * HOUR);
    // Extending moves no credits.
    expect((await entriesOf(user.id)).map((e) => e.kind)).toEqual(['grant', 'hold']);
    expect(await expectLedgerConsistent(user.id)).toBe(60);
  });

  it("an extend that brings the expiry forward re-arms the user's room, so the hold still expires on time", async () => {
    const user = await signUp();
    await grantLot(user.id, 100);
    const hold = await reserve(user, { ttlSeconds: 3600 });
    const room = roomFor(env, user.id);
    const alarm = () => runInDurableObject(room, (_, state) => state.storage.getAlarm());
    // The reserve's publish armed the alarm at the hold's expiry (published in the background).
    await until(async () => (await alarm()) === Date.parse(hold.expiresAt));

    const res = await post(user, `/${hold.id}/extend`, { ttlSeconds: 60 });
    const { hold: shorter } = (await res.json()) as { hold: HoldBody };
    expect(Date.parse(shorter.expiresAt)).toBeLessThan(Date.parse(hold.expiresAt));
    await until(async () => (await alarm()) === Date.parse(shorter.expiresAt));
    await runInDurableObject(room, (_, state) => state.storage.deleteAlarm());
    expect(await expectLedgerConsistent(user.id)).toBe(90);
  });

  it('answers 409 hold_not_active for a settled hold and 400 for a ttl outside 60-86400', async () => {
    const user = await signUp();
    await grantLot(user.id, 100);
    const hold = await reserve(user);
    for (const ttlSeconds of [59, 86_401, 1.5, '600']) {
      const bad = await errorOf(await post(user, `/${hold.id}/extend`, { ttlSeconds }));
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({
        error: { code: 'invalid_request', message: expect.stringMatching(/^ttlSeconds: /) },
      });
    }
    expect((await post(user, `/${hold.id}/release`)).status).toBe(200);
    expect(await errorOf(await post(user, `/${hold.id}/extend`, { ttlSeconds: 600 }))).toEqual({
      status: 409,
      body: {
        error: { code: 'hold_not_active', message: 'This hold is no longer active (captured, released or expired).' },
      },
    });
    expect(await expectLedgerConsistent(user.id)).toBe(100);
  });
});

describe('reserve: invalid requests', () => {
  it.each([
    [{ amount: 0 }, 'amount: must be positive'],
    [{ amount: -5 }, 'amount: must be positive'],
    [{ amount: 2.5 }, 'amount: must be a whole number'],
    [{ amount: '10' }, 'amount: must be a number'],
    [{ amount: undefined }, 'amount: must be a number'],
    [{ reason: '' }, 'reason: must not be empty'],
    [{ reason: '   ' }, 'reason: must not be empty'],
    [{ reason: 'x'.repeat(201) }, 'reason: must be at most 200 characters'],
    [{ idempotencyKey: '' }, 'idempotencyKey: must be 1-255 characters'],
    [{ idempotencyKey: 'k'.repeat(256) }, 'idempotencyKey: must be 1-255 characters'],
    [{ ttlSeconds: 59 }, 'ttlSeconds: must be 60-86400 seconds'],
    [{ ttlSeconds: 86_401 }, 'ttlSeconds: must be 60-86400 seconds'],
  ])('%j → 400 %s, nothing reserved', async (over, message) => {
    const user = await signUp();
    await grantLot(user.id, 100);
    const res = await post(user, '', { amount: 10, reason: 'render', idempotencyKey: 'k', ...over });
    expect(await errorOf(res)).toEqual({ status: 400, body: { error: { code: 'invalid_request', message } } });
    expect(await entriesOf(user.id, 'hold')).toEqual([]);
    expect(await expectLedgerConsistent(user.id)).toBe(100);
  });
});

describe('reserve: credits and idempotency', () => {
  it('answers 402 insufficient_credits when short, and writes nothing', async () => {
    const user = await signUp();
    await grantLot(user.id, 100);
    await reserve(user, { amount: 60 });
    const res = await post(user, '', { amount: 41, reason: 'render', idempotencyKey: 'too-much' });
    expect(await errorOf(res)).toEqual({
      status: 402,
      body: { error: { code: 'insufficient_credits', message: 'Not enough credits for this hold.' } },
    });
    expect(await entriesOf(user.id, 'hold')).toHaveLength(1);
    expect(await balanceOf(user.id)).toMatchObject({ credits: 40 });
    expect(await expectLedgerConsistent(user.id)).toBe(40);
  });

  it('the same key with the same parameters answers the same and reserves once; other parameters → 409', async () => {
    const user = await signUp();
    await grantLot(user.id, 100);
    const body = { amount: 30, reason: 'render', idempotencyKey: 'job-1', ttlSeconds: 600 };
    const first = await post(user, '', body);
    expect(first.status).toBe(201);
    const answer = await first.json();
    const again = await post(user, '', body);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(answer);
    // Even when the balance could not pay for it twice.
    const third = await post(user, '', body);
    expect(await third.json()).toEqual(answer);

    for (const other of [{ amount: 31 }, { reason: 'other' }, { ttlSeconds: 601 }]) {
      expect(await errorOf(await post(user, '', { ...body, ...other }))).toEqual({
        status: 409,
        body: {
          error: {
            code: 'idempotency_conflict',
            message: 'This idempotency key was already used with other parameters.',
          },
        },
      });
    }
    expect(await entriesOf(user.id, 'hold')).toHaveLength(1);
    const list = (await (await api('/api/credits/holds?status=active', { cookie: user.cookie })).json()) as {
      holds: HoldBody[];
    };
    expect(list.holds.map((h) => h.id)).toEqual([(answer as { hold: HoldBody }).hold.id]);
    expect(await expectLedgerConsistent(user.id)).toBe(70);
  });

  it('lists holds newest first, filtered by status; a bad status is 400', async () => {
    const user = await signUp();
    await grantLot(user.id, 100);
    // Holds made in the same millisecond (a burst of jobs) still list newest first.
    const now = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await reserveHold(
        db,
        ignoreCommits,
        { userId: user.id, amount: 5, reason: `job ${i}`, idempotencyKey: `burst-${i}` },
        now,
      );
      if (r.outcome !== 'reserved') throw new Error(r.outcome);
      ids.push(r.hold.id);
    }
    expect((await post(user, `/${ids[0]}/release`)).status).toBe(200);
    const all = (await (await api('/api/credits/holds', { cookie: user.cookie })).json()) as { holds: HoldBody[] };
    expect(all.holds.map((h) => h.id)).toEqual([...ids].reverse());
    const released = (await (await api('/api/credits/holds?status=released', { cookie: user.cookie })).json()) as {
      holds: HoldBody[];
    };
    expect(released.holds.map((h) => [h.id, h.status])).toEqual([[ids[0], 'released']]);
    const active = (await (await api('/api/credits/holds?status=active', { cookie: user.cookie })).json()) as {
      holds: HoldBody[];
    };
    expect(active.holds.map((h) => h.id)).toEqual(ids.slice(1).reverse());
    const bad = await errorOf(await api('/api/credits/holds?status=done', { cookie: user.cookie }));
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_request', message: expect.stringMatching(/^status: /) } },
    });
    expect(await expectLedgerConsistent(user.id)).toBe(75);
  });
});

describe("another user's hold", () => {
  it('is 404 hold_not_found for get, capture, release and extend, and stays untouched', async () => {
    const owner = await signUp();
    const other = await signUp();
    await grantLot(owner.id, 100);
    await grantLot(other.id, 100);
    const hold = await reserve(owner, { amount: 25 });
    const notFound = { status: 404, body: { error: { code: 'hold_not_found', message: 'No such hold.' } } };

    expect(await errorOf(await api(`/api/credits/holds/${hold.id}`, { cookie: other.cookie }))).toEqual(notFound);
    expect(await errorOf(await post(other, `/${hold.id}/capture`, { amount: 5 }))).toEqual(notFound);
    expect(await errorOf(await post(other, `/${hold.id}/release`))).toEqual(notFound);
    expect(await errorOf(await post(other, `/${hold.id}/extend`, { ttlSeconds: 600 }))).toEqual(notFound);
    expect(await errorOf(await api('/api/credits/holds/hold_nope', { cookie: owner.cookie }))).toEqual(notFound);
    expect(await errorOf(await post(owner, '/hold_nope/release'))).toEqual(notFound);

    const own = await api(`/api/credits/holds/${hold.id}`, { cookie: owner.cookie });
    expect(await own.json()).toEqual({ hold });
    expect(await holdRow(hold.id)).toMatchObject({ status: 'active', expires_at: Date.parse(hold.expiresAt) });
    expect(await expectLedgerConsistent(owner.id)).toBe(75);
    expect(await expectLedgerConsistent(other.id)).toBe(100);
  });
});
