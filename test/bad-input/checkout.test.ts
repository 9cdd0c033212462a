// Bad input to checkout (docs/api.md "Packs and checkout"): arbitrary bodies answer 400 and record
// nothing; idempotency keys that cannot be sent or are reused with other parameters answer 4xx.
// Generated with fast-check from a seed (VITE_RELIABILITY_SEED replays a failure).
import { env } from 'cloudflare:test';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PACKS } from '../../worker/billing/packs';
import { stripeClient } from '../../worker/stripe/client';
import { signUp } from '../helpers';
import { count, quickAccount, reliabilitySeed } from '../reliability/support';
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

const FILE = 'checkout.test.ts';

// Spies on the shared Stripe client must not carry calls from one test into the next.
afterEach(() => {
  vi.restoreAllMocks();
});

describe('POST /api/checkout under arbitrary bodies', () => {
  const KNOWN = PACKS.map((p) => p.id);

  /** The API's rule for a checkout body; null when the body itself is invalid. */
  function checkoutShape(v: unknown): { packId: string } | null {
    if (!isPlainObject(v)) return null;
    const { packId, locale, idempotencyKey } = v;
    if (typeof packId !== 'string' || packId.length < 1 || packId.length > 64) return null;
    if (locale !== undefined && locale !== 'en' && locale !== 'zh') return null;
    if (
      idempotencyKey !== undefined &&
      (typeof idempotencyKey !== 'string' ||
        idempotencyKey.length < 1 ||
        idempotencyKey.length > 255 ||
        ![...idempotencyKey].every((ch) => ch >= '!' && ch <= '~'))
    ) {
      return null;
    }
    return { packId };
  }

  it(
    'answers 400 for anything that is not a known pack, and records no checkout for it (property)',
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const user = await signUp();
      const packIdArb = fc.oneof(
        { weight: 3, arbitrary: fc.string({ maxLength: 70 }) },
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            'Starter',
            'STARTER',
            ' starter',
            'starter ',
            'starter\u0000',
            'creator-',
            'studio!',
            'gold',
            '__proto__',
            'constructor',
            'toString',
            '',
            'x'.repeat(64),
            'x'.repeat(65),
          ),
        },
        { weight: 1, arbitrary: fc.constantFrom(...KNOWN) }, // known, but then something else is wrong
        { weight: 1, arbitrary: nonString },
      );
      const localeArb = fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: fc.constantFrom('en', 'zh') },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom('fr', 'EN', ''), nonString) },
      );
      const keyArb = fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
        { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'k'.repeat(256)), nonString) },
      );
      const bodyArb = fc.oneof(
        { weight: 6, arbitrary: fc.record({ packId: packIdArb, locale: localeArb, idempotencyKey: keyArb }) },
        {
          weight: 2,
          arbitrary: fc.record({ packId: packIdArb, locale: localeArb, idempotencyKey: keyArb }, { requiredKeys: [] }),
        },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        { weight: 1, arbitrary: rawNonJson },
      );

      const outcomes = tally();
      await fc.assert(
        fc.asyncProperty(bodyArb, contentTypeArb, async (body, contentType) => {
          const shape = checkoutShape(seenByServer(body, contentType));
          // A valid body for a pack on sale would open a real Checkout Session: not in property runs.
          fc.pre(!(shape && KNOWN.includes(shape.packId)));
          const res = await postJson('/api/checkout', body, { cookie: user.cookie, contentType });
          const json = await res.json();
          expect(res.status).toBe(400);
          if (shape) {
            expect(json).toEqual({ error: { code: 'unknown_pack', message: `There is no pack "${shape.packId}".` } });
            outcomes.add('unknown_pack');
          } else {
            const code = body instanceof RawBody && isJsonType(contentType) ? 'invalid_json' : 'invalid_request';
            expect(isErrorBody(json, [code]), JSON.stringify(json)).toBe(true);
            outcomes.add(code);
          }
          expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(0);
        }),
        { seed, numRuns: 150 },
      );
      // Not vacuous: unknown packs and invalid bodies both came through.
      expect(outcomes.keys(), `outcomes: ${outcomes}`).toEqual(['invalid_json', 'invalid_request', 'unknown_pack']);

      // A handful of real ones: every pack on sale opens a session and records its own price.
      for (const pack of PACKS) {
        const res = await postJson('/api/checkout', { packId: pack.id }, { cookie: user.cookie });
        expect(res.status).toBe(201);
        const { sessionId } = (await res.json()) as { sessionId: string };
        const row = await env.DB.prepare(
          'SELECT pack_id, credits, amount, currency, status FROM checkout_sessions WHERE id = ?',
        )
          .bind(sessionId)
          .first();
        expect(row).toEqual({
          pack_id: pack.id,
          credits: pack.credits,
          amount: pack.amount,
          currency: pack.currency,
          status: 'open',
        });
      }
      expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(PACKS.length);
    },
  );
});

describe('JSON bodies over 64 KiB', () => {
  it('checkout answers 413 and records nothing', async () => {
    const user = await quickAccount();
    const checkout = await postJson(
      '/api/checkout',
      { packId: 'starter', pad: 'x'.repeat(65 * 1024) },
      { cookie: user.cookie },
    );
    expect(checkout.status).toBe(413);
    expect(await checkout.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The request body is over 65536 bytes.' },
    });
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(0);
  });
});

describe('checkout idempotency keys', () => {
  const buy = (cookie: string, body: Record<string, unknown>) => postJson('/api/checkout', body, { cookie });

  it.each([
    ['CR/LF', 'key\r\nX-Injected: 1'],
    ['NUL', 'key\u0000'],
    ['a tab', 'key\tkey'],
    ['a space', 'my key'],
    ['DEL', 'key\u007f'],
    ['non-ASCII', 'clé'],
    ['an emoji', 'key-🙂'],
  ])('holding %s answers 400 and records nothing (never 500)', async (_label, idempotencyKey) => {
    const user = await quickAccount();
    const create = vi.spyOn(stripeClient(env).checkout.sessions, 'create');
    const res = await buy(user.cookie, { packId: 'starter', idempotencyKey });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_request', message: 'idempotencyKey: must be printable ASCII without spaces' },
    });
    expect(create).not.toHaveBeenCalled();
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(0);
  });

  it('reused with another pack or locale answers 409 idempotency_conflict, logs no outage, and creates nothing more', async () => {
    const user = await quickAccount();
    const errors = vi.spyOn(console, 'error');
    const first = await buy(user.cookie, { packId: 'starter', idempotencyKey: 'buy-once' });
    expect(first.status).toBe(201);
    const { sessionId } = (await first.json()) as { sessionId: string };
    // The same parameters again: the same session (a retry).
    const again = await buy(user.cookie, { packId: 'starter', idempotencyKey: 'buy-once' });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { sessionId: string }).sessionId).toBe(sessionId);
    for (const other of [{ packId: PACKS.find((p) => p.id !== 'starter')!.id }, { packId: 'starter', locale: 'zh' }]) {
      const res = await buy(user.cookie, { ...other, idempotencyKey: 'buy-once' });
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({
        error: {
          code: 'idempotency_conflict',
          message:
            'This idempotency key was already used for another checkout, or that checkout is still being created.',
        },
      });
    }
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(1);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('the longest allowed idempotency key', () => {
  it('reaches Stripe as a key within its 255-character limit, and still replays', async () => {
    const user = await quickAccount();
    const create = vi.spyOn(stripeClient(env).checkout.sessions, 'create');
    const idempotencyKey = 'k'.repeat(255);
    const first = await postJson('/api/checkout', { packId: 'starter', idempotencyKey }, { cookie: user.cookie });
    expect(first.status).toBe(201);
    const again = await postJson('/api/checkout', { packId: 'starter', idempotencyKey }, { cookie: user.cookie });
    expect(((await again.json()) as { sessionId: string }).sessionId).toBe(
      ((await first.json()) as { sessionId: string }).sessionId,
    );
    const sent = create.mock.calls.map((call) => (call[1] as { idempotencyKey: string }).idempotencyKey);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(sent[1]);
    expect(sent[0]).toMatch(new RegExp(`^checkout:${user.id}:[0-9a-f]{64}$`));
    expect(sent[0]!.length).toBeLessThanOrEqual(255);
  });
});
