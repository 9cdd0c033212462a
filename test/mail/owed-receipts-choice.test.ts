// Which receipts the cron counts as owed (worker/mail/owed-receipts.ts), in a database of its own
// (storage is per test file): the oldest first and at most the run's limit, never a closed account's
// (the send would only skip it, every run for a day), one per plan payment (a grant and its
// rollover share the invoice), and a read served by ledger_receipts_idx.
import { env } from 'cloudflare:test';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { OWED_GRACE_MS, owedReceipts, owedReceiptsQuery } from '../../worker/mail/owed-receipts';
import { api, balanceOf, signUp, testDb } from '../helpers';
import { completed, seedCheckout } from '../stripe-helpers';
import { invoicePaid, subscriber } from '../subscriptions/support';
import { deliverAndSettle, mailTo, refusingEnv } from './support';

const db = testDb();
const pastGrace = () => Date.now() + OWED_GRACE_MS + 5_000;

/** A pack bought by a new user while the provider refused: its receipt is owed. */
async function refusedPack() {
  const user = await signUp();
  const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
  expect((await deliverAndSettle(completed(checkout), refusingEnv())).status).toBe(200);
  expect(await mailTo(user.email)).toEqual([]);
  return { user, reference: checkout.sessionId };
}

describe('the receipts owed', () => {
  it('are the oldest first, at most the limit; a closed account owes none', async () => {
    const first = await refusedPack();
    const second = await refusedPack();
    const third = await refusedPack();
    const owed = (limit?: number) =>
      owedReceipts(db, pastGrace(), limit).then((rows) => rows.map((r) => [r.reference, r.receipt, r.userId]));
    expect(await owed(2)).toEqual([
      [first.reference, 'pack', first.user.id],
      [second.reference, 'pack', second.user.id],
    ]);

    const closed = await api('/api/account/delete', {
      method: 'POST',
      cookie: first.user.cookie,
      body: { password: 'correct horse battery' },
    });
    expect(closed.status).toBe(204);
    expect(await owed()).toEqual([
      [second.reference, 'pack', second.user.id],
      [third.reference, 'pack', third.user.id],
    ]);
  });

  it("owe one receipt per plan payment, though a renewal's grant and its rollover are two entries", async () => {
    const s = await subscriber('studio');
    const paid = [invoicePaid(s, { n: 1 }), invoicePaid(s, { n: 2 })];
    for (const evt of paid) expect((await deliverAndSettle(evt, refusingEnv())).status).toBe(200);
    // 20,000 unused of the first period: 10,000 (the cap) carried by a second entry on invoice 2.
    expect((await balanceOf(s.user.id)).credits).toBe(30_000);
    const entries = await env.DB.prepare(
      "SELECT reference FROM ledger_entries WHERE user_id = ? AND kind = 'subscription' ORDER BY id",
    )
      .bind(s.user.id)
      .all<{ reference: string }>();
    expect(entries.results.map((e) => e.reference)).toEqual(
      paid.map((p) => p.data.object.id).concat(paid[1]?.data.object.id ?? ''),
    );
    const owed = (await owedReceipts(db, pastGrace())).filter((o) => o.userId === s.user.id);
    expect(owed.map((o) => [o.reference, o.receipt])).toEqual(paid.map((p) => [p.data.object.id, 'plan']));
  });

  it('are read through ledger_receipts_idx, one range per kind, never a scan of the ledger', async () => {
    const { sql, params } = new SQLiteAsyncDialect().sqlToQuery(owedReceiptsQuery(Date.now(), 20));
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    const details = plan.results.map((r) => r.detail);
    expect(details.filter((d) => d.includes('USING INDEX ledger_receipts_idx'))).toHaveLength(3);
    expect(details.filter((d) => /SCAN e\b|SCAN ledger_entries/.test(d))).toEqual([]);
  });
});
