// Bad input to the Stripe webhook (docs/api.md "Stripe webhook"): malformed requests and bad
// signatures, timestamps off by more than the tolerance either way included, answer 400 with the
// one error shape, never 5xx, and move nothing. Generated with fast-check from a seed, so a
// failure can be replayed (VITE_RELIABILITY_SEED, printed on failure).
import { SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceOf, expectLedgerConsistent, signUp } from '../helpers';
import { count, deliverDirect, moneySnapshot, quickAccount, reliabilitySeed } from '../reliability/support';
import {
  chargeRefunded,
  checkoutRow,
  checkoutSessionObject,
  completed,
  dispute,
  event,
  eventCount,
  seedCheckout,
  signature,
} from '../stripe-helpers';
import {
  type HeaderPairs,
  headerText,
  isErrorBody,
  KNOWN_TYPES,
  nonObject,
  nonString,
  now,
  postWebhook,
  replayHint,
  SLOW,
  WEBHOOK,
} from './support';

const FILE = 'webhook.test.ts';
const MALFORMED_REQUESTS = 2_000;

// ---------------------------------------------------------------------------------------------
// The webhook

interface MalformedCase {
  label: string;
  body: string | Uint8Array;
  headers: (signedText: string) => Promise<HeaderPairs>;
  status: number;
  codes: readonly string[];
}

const unsigned = async (): Promise<HeaderPairs> => [];
const validlySigned = async (text: string): Promise<HeaderPairs> => [['stripe-signature', await signature(text)]];

/** The parts of a valid header for `text` signed now: t and the v1 hex. */
async function validParts(text: string, t = now()) {
  const header = await signature(text, undefined, t);
  return { t, v1: /v1=([0-9a-f]+)/.exec(header)![1]! };
}

/** Every way the Stripe-Signature header can be wrong while the body is a real event. */
interface BadHeader {
  label: string;
  headers: (text: string) => Promise<HeaderPairs>;
  codes: readonly string[];
}

function badHeaderArb(): fc.Arbitrary<BadHeader> {
  const invalid = ['invalid_signature'];
  const either = ['missing_signature', 'invalid_signature'];
  const one = (label: string, codes: readonly string[], make: (text: string) => Promise<string>): BadHeader => ({
    label,
    codes,
    headers: async (text: string): Promise<HeaderPairs> => [['stripe-signature', await make(text)]],
  });
  return fc.oneof(
    fc.constant<BadHeader>({ label: 'header missing', codes: ['missing_signature'], headers: unsigned }),
    fc.constant(one('header empty', ['missing_signature'], async () => '')),
    headerText(200).map((garbage) => one(`header garbled ${JSON.stringify(garbage)}`, either, async () => garbage)),
    fc
      .integer({ min: -100_000, max: 100_000 })
      .filter((d) => d !== 0)
      .map((delta) =>
        one(`t= off by ${delta}`, invalid, async (text) => {
          const { t, v1 } = await validParts(text);
          return `t=${t + delta},v1=${v1}`;
        }),
      ),
    fc
      .constantFrom('abc', '', '-1', '0', '1e10', ' ')
      .map((t) => one(`t=${JSON.stringify(t)}`, invalid, async (text) => `t=${t},v1=${(await validParts(text)).v1}`)),
    fc.constant(one('no t at all', invalid, async (text) => `v1=${(await validParts(text)).v1}`)),
    fc.constant(
      one('v0= only', invalid, async (text) => {
        const { t, v1 } = await validParts(text);
        return `t=${t},v0=${v1}`;
      }),
    ),
    fc.constantFrom('T/V1', 't/V1', 'T/v1').map((keys) =>
      one(`uppercase keys ${keys}`, invalid, async (text) => {
        const { t, v1 } = await validParts(text);
        const [tk, vk] = keys.split('/');
        return `${tk}=${t},${vk}=${v1}`;
      }),
    ),
    fc.constant(
      one('uppercase hex', invalid, async (text) => {
        const { t, v1 } = await validParts(text);
        return `t=${t},v1=${v1.toUpperCase()}`;
      }),
    ),
    fc.constant(
      one('space after the comma', invalid, async (text) => {
        const { t, v1 } = await validParts(text);
        return `t=${t}, v1=${v1}`;
      }),
    ),
    fc
      .integer({ min: 301, max: 10_000_000 })
      .map((age) => one(`stale by ${age}s`, invalid, async (text) => signature(text, undefined, now() - age))),
    fc
      .integer({ min: 301, max: 400_000_000 })
      .map((ahead) =>
        one(`from the future by ${ahead}s`, invalid, async (text) => signature(text, undefined, now() + ahead)),
      ),
    fc.constant(one('wrong secret', invalid, async (text) => signature(text, 'whsec_not_the_secret'))),
    fc.constant(one('signature of another body', invalid, async (text) => signature(`${text} `))),
    fc.integer({ min: 1_000, max: 8_000 }).map((repeats) =>
      one(`huge header (${repeats * 12} bytes of v1)`, invalid, async (text) => {
        const { t } = await validParts(text);
        return `t=${t},${'v1=deadbeef,'.repeat(repeats)}`;
      }),
    ),
    fc
      .tuple(
        fc.constantFrom('wrong secret', 'stale', 'garbage', 'v0'),
        fc.constantFrom('wrong secret', 'stale', 'garbage', 'v0'),
      )
      .map(
        ([a, b]): BadHeader => ({
          label: `duplicated header (${a}, ${b})`,
          codes: invalid,
          headers: async (text: string): Promise<HeaderPairs> => {
            const make = async (kind: string) => {
              if (kind === 'wrong secret') return signature(text, 'whsec_not_the_secret');
              if (kind === 'stale') return signature(text, undefined, now() - 3_600);
              if (kind === 'v0') return (await signature(text)).replace('v1=', 'v0=');
              return 'garbage';
            };
            return [
              ['stripe-signature', await make(a)],
              ['stripe-signature', await make(b)],
            ];
          },
        }),
      ),
  );
}

/** Changes one part of a real event so that it is no longer an event the handlers can rely on. */
function breakStructure(evt: Record<string, unknown>): fc.Arbitrary<{ label: string; body: unknown }> {
  const data = evt.data as { object: Record<string, unknown> };
  const withObject = (object: unknown) => ({ ...evt, data: { ...data, object } });
  const without = <T extends Record<string, unknown>>(o: T, key: string) => {
    const copy = { ...o };
    delete copy[key];
    return copy;
  };
  return fc.oneof(
    fc.constant({ label: 'no id', body: without(evt, 'id') }),
    nonString.map((id) => ({ label: `id ${JSON.stringify(id)}`, body: { ...evt, id } })),
    fc.constant({ label: 'no type', body: without(evt, 'type') }),
    nonString.map((type) => ({ label: `type ${JSON.stringify(type)}`, body: { ...evt, type } })),
    fc.constant({ label: 'no data', body: without(evt, 'data') }),
    fc.oneof(nonObject, fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })).map((d) => ({
      label: `data ${JSON.stringify(d)}`,
      body: { ...evt, data: d },
    })),
    fc.constant({ label: 'no data.object', body: { ...evt, data: {} } }),
    fc.oneof(nonObject, fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })).map((o) => ({
      label: `data.object ${JSON.stringify(o)}`,
      body: withObject(o),
    })),
    fc.constant({ label: 'no data.object.id', body: withObject(without(data.object, 'id')) }),
    nonString.map((id) => ({
      label: `data.object.id ${JSON.stringify(id)}`,
      body: withObject({ ...data.object, id }),
    })),
    fc.oneof(nonObject, fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })).map((whole) => ({
      label: `the body is ${JSON.stringify(whole)}`,
      body: whole,
    })),
  );
}

function malformedCaseArb(templates: Record<string, unknown>[]): fc.Arbitrary<MalformedCase> {
  const template = fc.constantFrom(...templates);
  const randomBytes = fc
    .tuple(fc.uint8Array({ maxLength: 4_096 }), fc.constantFrom('unsigned', 'signed', 'garbled'))
    .map(
      ([bytes, how]): MalformedCase => ({
        label: `${bytes.length} random bytes, ${how}`,
        body: bytes,
        headers:
          how === 'unsigned'
            ? unsigned
            : how === 'signed'
              ? validlySigned
              : async () => [['stripe-signature', 'v1=00']],
        status: 400,
        codes: how === 'unsigned' ? ['missing_signature'] : ['invalid_signature', 'invalid_event'],
      }),
    );
  const signedJsonNonEvent = fc.json({ maxDepth: 3 }).map(
    (text): MalformedCase => ({
      label: `signed JSON that is not an event: ${text.slice(0, 60)}`,
      body: text,
      headers: validlySigned,
      status: 400,
      codes: ['invalid_event'],
    }),
  );
  const truncated = template.chain((evt) => {
    const text = JSON.stringify(evt);
    return fc.nat({ max: text.length - 1 }).map(
      (cut): MalformedCase => ({
        label: `a real ${String(evt.type)} truncated to ${cut} of ${text.length} chars, signed`,
        body: text.slice(0, cut),
        headers: validlySigned,
        status: 400,
        // The signature matches; the body does not parse (or is empty).
        codes: ['invalid_signature'],
      }),
    );
  });
  const brokenStructure = template.chain((evt) =>
    breakStructure(evt).map(
      ({ label, body }): MalformedCase => ({
        label: `signed ${String(evt.type)}: ${label}`,
        body: JSON.stringify(body),
        headers: validlySigned,
        status: 400,
        codes: ['invalid_event'],
      }),
    ),
  );
  const unknownType = fc
    .tuple(
      template,
      fc.oneof(
        fc.constantFrom(
          'customer.created',
          // invoice.paid is handled since plans (issue 12): an unhandled invoice event instead.
          'invoice.finalized',
          // payment_intent.succeeded is handled since auto top-up (issue 22): one it does not handle instead.
          'payment_intent.created',
          'CHECKOUT.SESSION.COMPLETED',
          'Checkout.Session.Completed',
          'checkout.session.completed ',
          ' checkout.session.completed',
          'checkout_session_completed',
          'checkout.session',
          'charge.refunded.v2',
          'charge.dispute',
          '',
        ),
        fc.string({ maxLength: 40 }),
      ),
    )
    .filter(([, type]) => !(KNOWN_TYPES as readonly string[]).includes(type))
    .map(
      ([evt, type]): MalformedCase => ({
        label: `signed unknown type ${JSON.stringify(type)} carrying a real ${String(evt.type)} object`,
        body: JSON.stringify({ ...evt, type }),
        headers: validlySigned,
        status: 200,
        codes: [],
      }),
    );
  const badHeader = fc.tuple(template, badHeaderArb()).map(
    ([evt, bad]): MalformedCase => ({
      label: `a real ${String(evt.type)} with ${bad.label}`,
      body: JSON.stringify(evt),
      headers: bad.headers,
      status: 400,
      codes: bad.codes,
    }),
  );
  return fc.oneof(
    { weight: 3, arbitrary: randomBytes },
    { weight: 1, arbitrary: signedJsonNonEvent },
    { weight: 2, arbitrary: truncated },
    { weight: 4, arbitrary: brokenStructure },
    { weight: 2, arbitrary: unknownType },
    { weight: 5, arbitrary: badHeader },
  );
}

/** Users whose money a stray event could move: one open, one credited, one processing purchase. */
async function seedShop() {
  const [opener, buyer, waiter] = [await signUp(), await signUp(), await signUp()];
  const open = await seedCheckout(opener.id);
  const credited = await seedCheckout(buyer.id, { credits: 5_500, amount: 5_000 });
  expect((await deliverDirect(completed(credited))).status).toBe(200);
  const processing = await seedCheckout(waiter.id);
  expect((await deliverDirect(completed(processing, { payment_status: 'unpaid' }))).status).toBe(200);
  // Real events that would each change money or a status if they were let through.
  const templates = [
    completed(open),
    event('checkout.session.async_payment_succeeded', checkoutSessionObject(processing)),
    event('checkout.session.async_payment_failed', checkoutSessionObject(processing, { payment_status: 'unpaid' })),
    event('checkout.session.expired', checkoutSessionObject(open, { status: 'expired', payment_status: 'unpaid' })),
    chargeRefunded(credited, credited.amount),
    dispute('charge.dispute.created', credited, 'dp_bad_input', credited.amount),
  ];
  return { userIds: [opener.id, buyer.id, waiter.id], open, credited, processing, templates };
}

describe('malformed webhook requests', () => {
  it(
    `${MALFORMED_REQUESTS.toLocaleString('en-US')} generated malformed requests: never a 5xx, always the error shape (or an ignored event), and nothing is written`,
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const shop = await seedShop();
      const before = await moneySnapshot(shop.userIds);
      expect(before.sessions.map((s) => [s.id, s.status]).sort()).toEqual(
        [
          [shop.open.sessionId, 'open'],
          [shop.credited.sessionId, 'credited'],
          [shop.processing.sessionId, 'processing'],
        ].sort(),
      );

      const cases = fc.sample(malformedCaseArb(shop.templates), { seed, numRuns: MALFORMED_REQUESTS });
      const wrong: string[] = [];
      const seen = new Map<number, number>();
      for (const c of cases) {
        const text = typeof c.body === 'string' ? c.body : new TextDecoder().decode(c.body);
        const res = await postWebhook(c.body, await c.headers(text));
        const raw = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
        const ok =
          res.status === c.status && (c.status === 200 ? raw === '{"received":true}' : isErrorBody(body, c.codes));
        if (!ok)
          wrong.push(`${c.label} → ${res.status} ${raw.slice(0, 200)} (expected ${c.status} ${c.codes.join('|')})`);
      }

      expect(wrong.slice(0, 10), `${wrong.length} of ${cases.length} answered wrongly (seed ${seed})`).toEqual([]);
      expect([...seen.keys()].sort()).toEqual([200, 400]);
      expect(await moneySnapshot(shop.userIds)).toEqual(before);
    },
  );

  it('a body over 1 MB is refused with 413 before it is verified; exactly 1 MB is still accepted', async () => {
    const [fits, tooBig] = [await signUp(), await signUp()];
    const fitsCheckout = await seedCheckout(fits.id);
    const tooBigCheckout = await seedCheckout(tooBig.id);
    const padTo = (evt: unknown, bytes: number) => {
      const text = JSON.stringify(evt);
      return text + ' '.repeat(bytes - new TextEncoder().encode(text).length);
    };

    const exactly = padTo(completed(fitsCheckout), 1024 * 1024);
    const accepted = await postWebhook(exactly, await validlySigned(exactly));
    expect(accepted.status).toBe(200);
    expect(await expectLedgerConsistent(fits.id)).toBe(1000);

    const over = padTo(completed(tooBigCheckout), 1024 * 1024 + 1);
    const refused = await postWebhook(over, await validlySigned(over));
    expect(refused.status).toBe(413);
    expect(await refused.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The request body is over 1048576 bytes.' },
    });
    expect(await balanceOf(tooBig.id)).toEqual({ credits: 0, version: 0 });
    expect((await checkoutRow(tooBigCheckout.sessionId))?.status).toBe('open');
    expect(await count('SELECT COUNT(*) AS n FROM stripe_events WHERE object_id = ?', tooBigCheckout.sessionId)).toBe(
      0,
    );
  });

  it('a streamed body over 1 MB without a Content-Length is refused with 413 too', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    const text = JSON.stringify(completed(checkout)) + ' '.repeat(1024 * 1024);
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    const res = await SELF.fetch(WEBHOOK, {
      method: 'POST',
      headers: { 'stripe-signature': await signature(text), 'content-type': 'application/json' },
      body: stream,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: 'payload_too_large', message: 'The request body is over 1048576 bytes.' },
    });
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('open');
  });
});

describe('the signature timestamp', () => {
  const TEN_YEARS = 10 * 365 * 24 * 3600;

  it.each([
    ['ten years ahead', TEN_YEARS],
    ['301 s ahead', 301],
    ['301 s behind', -301],
  ])('%s: a correctly signed event is refused with 400 and nothing is recorded', async (_label, offset) => {
    const user = await quickAccount();
    const checkout = await seedCheckout(user.id);
    const evt = completed(checkout);
    const payload = JSON.stringify(evt);
    const res = await postWebhook(payload, [['stripe-signature', await signature(payload, undefined, now() + offset)]]);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_signature', message: 'The Stripe signature is invalid or too old.' },
    });
    expect(await eventCount(checkout.sessionId)).toBe(0);
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('open');
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
  });

  it('within the tolerance on either side (a clock a little ahead or behind) is accepted', async () => {
    for (const offset of [290, -290]) {
      const user = await quickAccount();
      const checkout = await seedCheckout(user.id);
      const payload = JSON.stringify(completed(checkout));
      const res = await postWebhook(payload, [
        ['stripe-signature', await signature(payload, undefined, now() + offset)],
      ]);
      expect(res.status).toBe(200);
      expect((await balanceOf(user.id)).credits).toBe(1000);
    }
  });
});
