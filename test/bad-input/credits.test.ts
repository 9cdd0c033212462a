import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOf, expectLedgerConsistent, grantCredits, ledgerRows } from '../helpers';
import { quickAccount, reliabilitySeed } from '../reliability/support';
import {
  contentTypeArb,
  isErrorBody,
  isJsonType,
  isPlainObject,
  nonString,
  postJson,
  RawBody,
  rawNonJson,
  replayHint,
  SLOW,
  seenByServer,
  tally,
} from './support';

const FILE = 'credits.test.ts';
const TOO_LARGE = { error: { code: 'payload_too_large', message: 'The request body is over 65536 bytes.' } };

describe('POST /api/credits/spend under arbitrary bodies', () => {
  interface SpendModel {
    balance: number;
    keys: Map<string, { fingerprint: string; answer: { credits: number; entryId: number } }>;
    spends: number;
  }

  /** The API's rule for a spend body (API.md "Credits"), written independently of the zod schema. */
  function validSpend(v: unknown): { amount: number; reason: string; key: string } | null {
    if (!isPlainObject(v)) return null;
    const { amount, reason, idempotencyKey } = v;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0 || amount > 1_000_000_000)
      return null;
    if (typeof reason !== 'string') return null;
    const trimmed = reason.trim();
    if (trimmed.length < 1 || trimmed.length > 200) return null;
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length < 1 || idempotencyKey.length > 255) return null;
    return { amount, reason: trimmed, key: idempotencyKey };
  }

  const amountArb = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(1, 5, 50, 100, 700) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 1_500 }) },
    { weight: 1, arbitrary: fc.integer({ min: -100, max: 0 }) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom(1_000_000_000, 1_000_000_001, 2 ** 53, 0.5, 1.0000001, -0, 1e21) },
    { weight: 1, arbitrary: fc.oneof(nonString, fc.constantFrom('5', '', '1e3')) },
  );
  const reasonArb = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('render', ' render ', 'render\n', '\u00a0render', 'thumbnail') },
    { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '   ', '\t\n', 'r'.repeat(200), 'r'.repeat(201), ` ${'r'.repeat(200)} `),
    },
    { weight: 1, arbitrary: nonString },
  );
  const keyArb = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('k1', 'k2', 'k3', 'K1', ' k1') },
    { weight: 2, arbitrary: fc.string({ maxLength: 12, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'k'.repeat(255), 'k'.repeat(256)) },
    { weight: 1, arbitrary: nonString },
  );
  const bodyArb = fc.oneof(
    { weight: 16, arbitrary: fc.record({ amount: amountArb, reason: reasonArb, idempotencyKey: keyArb }) },
    {
      weight: 2,
      arbitrary: fc.record({ amount: amountArb, reason: reasonArb, idempotencyKey: keyArb }, { requiredKeys: [] }),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 2, arbitrary: rawNonJson },
  );

  it(
    'answers only 200/400/402/409 as a model of the rules predicts, never goes negative, and the ledger sums to the balance (property)',
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 3_000 }),
          fc.array(
            fc.oneof(
              { weight: 4, arbitrary: fc.tuple(bodyArb, contentTypeArb) },
              // The same request again (a client retry): replays must answer what the first did.
              { weight: 2, arbitrary: fc.nat().map((n) => ({ repeat: n })) },
              // An earlier key with another amount: a reuse the API refuses (409) once the key spent.
              { weight: 1, arbitrary: fc.nat().map((n) => ({ reuse: n })) },
            ),
            { minLength: 1, maxLength: 8 },
          ),
          async (grant, script) => {
            const user = await quickAccount();
            if (grant > 0) {
              await grantCredits(user.id, grant);
            }
            const model: SpendModel = { balance: grant, keys: new Map(), spends: 0 };
            const calls: [unknown, string | null][] = [];
            for (const step of script) {
              if (Array.isArray(step)) calls.push(step);
              else if (calls.length === 0) continue;
              else if ('repeat' in step) calls.push(calls[step.repeat % calls.length]!);
              else {
                const [body, contentType] = calls[step.reuse % calls.length]!;
                const amount = isPlainObject(body) && typeof body.amount === 'number' ? body.amount + 1 : 1;
                calls.push([isPlainObject(body) ? { ...body, amount } : body, contentType]);
              }
            }
            for (const [body, contentType] of calls) {
              const res = await postJson('/api/credits/spend', body, { cookie: user.cookie, contentType });
              const json = await res.json();
              const spend = validSpend(seenByServer(body, contentType));
              if (!spend) {
                const code = body instanceof RawBody && isJsonType(contentType) ? 'invalid_json' : 'invalid_request';
                expect(res.status).toBe(400);
                expect(isErrorBody(json, [code]), JSON.stringify(json)).toBe(true);
                outcomes.add(`400 ${code}`);
                continue;
              }
              const fingerprint = JSON.stringify([spend.amount, spend.reason]);
              const previous = model.keys.get(spend.key);
              if (previous && previous.fingerprint === fingerprint) {
                expect(res.status).toBe(200);
                expect(json).toEqual(previous.answer);
                outcomes.add('200 replayed');
              } else if (previous) {
                expect(res.status).toBe(409);
                outcomes.add('409');
                expect(json).toEqual({
                  error: {
                    code: 'idempotency_conflict',
                    message: 'This idempotency key was already used with a different amount or reason.',
                  },
                });
              } else if (spend.amount <= model.balance) {
                expect(res.status).toBe(200);
                outcomes.add('200 spent');
                model.balance -= spend.amount;
                model.spends++;
                const answer = json as { credits: number; entryId: number };
                expect(answer).toEqual({ credits: model.balance, entryId: expect.any(Number) });
                model.keys.set(spend.key, { fingerprint, answer });
                const entry = (await ledgerRows(user.id)).find((r) => r.id === answer.entryId);
                expect(entry).toMatchObject({
                  delta: -spend.amount,
                  balance_after: model.balance,
                  kind: 'spend',
                  reference: spend.reason,
                  idempotency_key: `spend:${spend.key}`,
                });
              } else {
                expect(res.status).toBe(402);
                outcomes.add('402');
                expect(json).toEqual({
                  error: { code: 'insufficient_credits', message: 'Not enough credits for this spend.' },
                });
              }
            }
            const { credits } = await balanceOf(user.id);
            expect(credits).toBe(model.balance);
            expect(credits).toBeGreaterThanOrEqual(0);
            expect(await expectLedgerConsistent(user.id)).toBe(model.balance);
            const rows = await ledgerRows(user.id);
            expect(rows.filter((r) => r.kind === 'spend')).toHaveLength(model.spends);
            expect(rows.every((r) => r.balance_after >= 0)).toBe(true);
          },
        ),
        { seed, numRuns: 100 },
      );
      // Not vacuous: the generator reached every answer.
      expect(outcomes.keys(), `outcomes: ${outcomes}`).toEqual([
        '200 replayed',
        '200 spent',
        '400 invalid_json',
        '400 invalid_request',
        '402',
        '409',
      ]);
    },
  );
});

describe('JSON bodies over 64 KiB', () => {
  it('spend answers 413 and changes nothing', async () => {
    const user = await quickAccount();
    await grantCredits(user.id, 100);
    const spend = await postJson(
      '/api/credits/spend',
      { amount: 1, reason: 'r'.repeat(65 * 1024), idempotencyKey: 'big' },
      { cookie: user.cookie },
    );
    expect(spend.status).toBe(413);
    expect(await spend.json()).toEqual(TOO_LARGE);
    expect(await balanceOf(user.id)).toEqual({ credits: 100, version: 1 });
  });
});
