// An expired hold reads `expired` from the millisecond of its expiresAt, swept or not (issue 18,
// item 13; API.md "Holds"): GET one, the lists and their status filter, the console, the service API.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insertApiKey, newApiKey } from '../../worker/accounts/api-keys';
import { ignoreCommits } from '../../worker/ledger/commit';
import { getHold, listHolds, reserveHold } from '../../worker/ledger/holds';
import { operator } from '../admin/support';
import { api, grantCredits, ORIGIN, signUp, testDb } from '../helpers';
import { holdRow } from './support';

const db = testDb();

/** A hold made 61 s ago with a 60 s ttl, committed without publishing: nothing will sweep it. */
async function unsweptExpiredHold(userId: string) {
  const made = Date.now() - 61_000;
  const result = await reserveHold(
    db,
    ignoreCommits,
    { userId, amount: 30, reason: 'render', idempotencyKey: crypto.randomUUID(), ttlSeconds: 60 },
    made,
  );
  if (result.outcome !== 'reserved') throw new Error(result.outcome);
  return result.hold;
}

const statusesOf = async (res: Response) =>
  ((await res.json()) as { holds: { id: string; status: string }[] }).holds.map((h) => [h.id, h.status]);

describe('an expired hold nobody swept yet', () => {
  it('reads expired from the millisecond of expiresAt, in the one reading function', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const hold = await unsweptExpiredHold(user.id);
    const at = Date.parse(hold.expiresAt);
    expect((await getHold(db, user.id, hold.id, at - 1))?.status).toBe('active');
    expect((await getHold(db, user.id, hold.id, at))?.status).toBe('expired');
    expect((await listHolds(db, user.id, 'active', 100, at - 1)).map((h) => h.id)).toEqual([hold.id]);
    expect(await listHolds(db, user.id, 'active', 100, at)).toEqual([]);
    expect((await listHolds(db, user.id, 'expired', 100, at)).map((h) => [h.id, h.status])).toEqual([
      [hold.id, 'expired'],
    ]);
    expect((await holdRow(hold.id))?.status).toBe('active'); // stored row: not swept
  });

  it('says expired over HTTP: GET one, the list and its filter, the console and the service API', async () => {
    const [user, op] = [await signUp(), await operator()];
    await grantCredits(user.id, 100);
    const hold = await unsweptExpiredHold(user.id);

    const one = await api(`/api/credits/holds/${hold.id}`, { cookie: user.cookie });
    expect(((await one.json()) as { hold: { status: string } }).hold).toMatchObject({ id: hold.id, status: 'expired' });
    expect(await statusesOf(await api('/api/credits/holds', { cookie: user.cookie }))).toEqual([[hold.id, 'expired']]);
    expect(await statusesOf(await api('/api/credits/holds?status=active', { cookie: user.cookie }))).toEqual([]);
    expect(await statusesOf(await api('/api/credits/holds?status=expired', { cookie: user.cookie }))).toEqual([
      [hold.id, 'expired'],
    ]);

    const picture = await api(`/api/admin/users/${user.id}`, { cookie: op.cookie });
    expect(((await picture.json()) as { holds: { id: string; status: string }[] }).holds).toMatchObject([
      { id: hold.id, status: 'expired' },
    ]);

    const key = await newApiKey();
    await db.run(insertApiKey(key, `hold-reads-${crypto.randomUUID().slice(0, 6)}`));
    const viaService = await SELF.fetch(`${ORIGIN}/api/v1/users/${user.id}/holds/${hold.id}`, {
      headers: { authorization: `Bearer ${key.secret}` },
    });
    expect(viaService.status).toBe(200);
    expect(((await viaService.json()) as { hold: { status: string } }).hold.status).toBe('expired');
    expect((await holdRow(hold.id))?.status).toBe('active'); // still unswept: the reads said it anyway
  });
});
