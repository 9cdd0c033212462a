// Concurrency (docs/api.md "Credits": a spend never takes the balance below zero; the same key again
// returns the same answer and debits nothing). Hundreds of spends on one account at once, with
// client retries of the same key racing their originals.
//
// Most requests go through `app.fetch` in this isolate and a tenth through SELF: both run the
// same handler against the same D1, but SELF.fetch slows down the more it is used within one
// workerd instance (cloudflare/workers-sdk#15446), which would make 500+ SELF calls cost ~16 s.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { balanceOf, expectLedgerConsistent, grantCredits, ledgerRows, ORIGIN, signUp } from '../helpers';
import { chargeRefunded, completed, seedCheckout } from '../stripe-helpers';
import { callApp, deliverDirect, drain, prng, reliabilitySeed, replayHint } from './support';

const FILE = 'concurrency.test.ts';
const SLOW = { timeout: 60_000 };

const INSUFFICIENT = { error: { code: 'insufficient_credits', message: 'Not enough credits for this spend.' } };

interface SpendCall {
  key: string;
  amount: number;
  viaSelf: boolean;
}

interface Answer {
  call: SpendCall;
  status: number;
  body: unknown;
}

async function spendOnce(cookie: string, call: SpendCall): Promise<Answer> {
  const init = {
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: call.amount, reason: `job ${call.key}`, idempotencyKey: call.key }),
  };
  const url = `${ORIGIN}/api/credits/spend`;
  const res = call.viaSelf ? await SELF.fetch(url, init) : await callApp(new Request(url, init));
  return { call, status: res.status, body: await res.json() };
}

/** Spend rows of a user, by idempotency key (without the `spend:` prefix). */
async function spendRows(userId: string) {
  const rows = (await ledgerRows(userId)).filter((r) => r.kind === 'spend');
  return new Map(rows.map((r) => [r.idempotency_key.replace(/^spend:/, ''), r]));
}

describe('concurrent spends on one account', () => {
  it(
    '500 spends at once, with retries of some keys racing their originals: no overdraft, one debit per key, identical answers to a key',
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const rng = prng(seed);
      const INITIAL = 10_000;
      const user = await signUp();
      await grantCredits(user.id, INITIAL);

      // 500 distinct keys averaging ~30 credits (~15,000 asked of 10,000), then 1–3 extra copies
      // of 50 of them: a client retrying while its first request is still in flight.
      const originals: SpendCall[] = Array.from({ length: 500 }, (_, i) => ({
        key: `job-${i}`,
        amount: rng.int(1, 60),
        viaSelf: rng.chance(0.1),
      }));
      const retried = rng.shuffle([...originals]).slice(0, 50);
      const copies = retried.flatMap((c) =>
        Array.from({ length: rng.int(1, 3) }, () => ({ ...c, viaSelf: rng.chance(0.1) })),
      );
      const calls = rng.shuffle([...originals, ...copies]);

      const answers = await Promise.all(calls.map((call) => spendOnce(user.cookie, call)));

      // Only two answers exist here: spent (or replayed) and insufficient.
      expect(answers.filter((a) => a.status !== 200 && a.status !== 402).map((a) => [a.status, a.body])).toEqual([]);
      for (const a of answers.filter((x) => x.status === 402)) expect(a.body).toEqual(INSUFFICIENT);

      // Every answer to one key is the same answer.
      const byKey = new Map<string, Answer[]>();
      for (const a of answers) byKey.set(a.call.key, [...(byKey.get(a.call.key) ?? []), a]);
      for (const [key, group] of byKey) {
        const first = group[0]!;
        for (const other of group.slice(1)) {
          expect({ key, status: other.status, body: other.body }).toEqual({
            key,
            status: first.status,
            body: first.body,
          });
        }
      }

      // One debit per spent key, of exactly its amount, and each answer is its own entry's balance.
      const spentKeys = [...byKey].filter(([, group]) => group[0]!.status === 200).map(([key]) => key);
      const rows = await spendRows(user.id);
      expect([...rows.keys()].sort()).toEqual([...spentKeys].sort());
      for (const key of spentKeys) {
        const row = rows.get(key)!;
        const { amount } = byKey.get(key)![0]!.call;
        expect(row.delta).toBe(-amount);
        expect(byKey.get(key)![0]!.body).toEqual({ credits: row.balance_after, entryId: row.id });
      }

      // Never below zero at any point, and the ledger chains to the final balance.
      const spent = spentKeys.reduce((sum, key) => sum + byKey.get(key)![0]!.call.amount, 0);
      expect([...rows.values()].filter((r) => r.balance_after < 0)).toEqual([]);
      expect(await balanceOf(user.id)).toEqual({ credits: INITIAL - spent, version: 1 + spentKeys.length });
      expect(await expectLedgerConsistent(user.id)).toBe(INITIAL - spent);

      // The balance only fell during the burst, so every refusal was for more than what was left at
      // the end: no spend was refused that could have been paid.
      const refused = [...byKey]
        .filter(([, group]) => group[0]!.status === 402)
        .map(([, group]) => group[0]!.call.amount);
      expect(refused.length).toBeGreaterThan(0);
      expect(spentKeys.length).toBeGreaterThan(0);
      expect(Math.min(...refused)).toBeGreaterThan(INITIAL - spent);
      const replays = answers.length - byKey.size;
      expect(answers.filter((a) => a.status === 200)).toHaveLength(
        spentKeys.length + copies.filter((c) => spentKeys.includes(c.key)).length,
      );
      expect(replays).toBe(copies.length);
    },
  );

  it('20 identical requests at once debit once and all answer the same', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const call: SpendCall = { key: 'same-click', amount: 40, viaSelf: false };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => spendOnce(user.cookie, { ...call, viaSelf: i % 5 === 0 })),
    );
    const rows = await spendRows(user.id);
    expect(rows.size).toBe(1);
    const row = rows.get('same-click')!;
    expect(row).toMatchObject({ delta: -40, balance_after: 60 });
    expect(answers.map((a) => [a.status, a.body])).toEqual(Array(20).fill([200, { credits: 60, entryId: row.id }]));
    expect(await balanceOf(user.id)).toEqual({ credits: 60, version: 2 });
  });

  it(
    'spends streaming while a full refund lands: the refund leaves a debt, and no spend is paid out of it',
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const rng = prng(seed ^ 0x5eed);
      const user = await signUp();
      const checkout = await seedCheckout(user.id, { credits: 1_000, amount: 1_000 });
      expect((await deliverDirect(completed(checkout))).status).toBe(200);

      // 100 small spends, 5 in flight (asking ~800 of the 1,000); the refund goes out once some
      // have been answered, while others are still being sent.
      const queue: SpendCall[] = Array.from({ length: 100 }, (_, i) => ({
        key: `race-${i}`,
        amount: rng.int(1, 15),
        viaSelf: false,
      }));
      const refundAfter = rng.int(10, 40);
      const answers: Answer[] = [];
      const [, refund] = await Promise.all([
        drain(queue, 5, async (call) => {
          answers.push(await spendOnce(user.cookie, call));
        }),
        (async () => {
          while (answers.length < refundAfter) await new Promise((r) => setTimeout(r, 0));
          return deliverDirect(chargeRefunded(checkout, checkout.amount));
        })(),
      ]);
      expect(refund.status).toBe(200);
      expect(answers.filter((a) => a.status !== 200 && a.status !== 402).map((a) => [a.status, a.body])).toEqual([]);

      const rows = await ledgerRows(user.id);
      const refundRow = rows.find((r) => r.kind === 'refund')!;
      const spends = rows.filter((r) => r.kind === 'spend');
      const spentBefore = spends.filter((r) => r.id < refundRow.id).reduce((sum, r) => sum - r.delta, 0);
      expect(spentBefore).toBeGreaterThan(0);
      // The clawback took the whole pack back, leaving the spent part as debt…
      expect(refundRow).toMatchObject({ delta: -1_000, balance_after: -spentBefore });
      // …and from then on every spend was refused: none after the refund, none ever below zero.
      expect(spends.filter((r) => r.id > refundRow.id)).toEqual([]);
      expect(spends.filter((r) => r.balance_after < 0)).toEqual([]);
      const refused = answers.filter((a) => a.status === 402);
      expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) expect(a.body).toEqual(INSUFFICIENT);
      expect(spends).toHaveLength(answers.length - refused.length);
      expect(await expectLedgerConsistent(user.id)).toBe(-spentBefore);
    },
  );
});
