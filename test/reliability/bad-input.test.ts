// Bad input (API.md "Stripe webhook", "Accounts", "Packs and checkout", "Credits"): whatever
// arrives, the Worker answers a 4xx with the one error shape (or acknowledges an event it ignores),
// never a 5xx, and writes nothing it should not. Generated with fast-check from a seed, so a
// failure can be replayed (VITE_RELIABILITY_SEED, printed on failure).
import { env, SELF } from 'cloudflare:test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKS } from '../../worker/billing/packs';
import { balanceOf, expectLedgerConsistent, grantCredits, ledgerRows, ORIGIN, signUp } from '../helpers';
import {
  chargeRefunded,
  checkoutRow,
  checkoutSessionObject,
  completed,
  dispute,
  event,
  type SeededCheckout,
  seedCheckout,
  signature,
} from '../stripe-helpers';
import { callApp, count, deliverDirect, moneySnapshot, quickAccount, reliabilitySeed, replayHint } from './support';

const FILE = 'bad-input.test.ts';
const WEBHOOK = `${ORIGIN}/api/v1/webhooks/stripe`;
const MALFORMED_REQUESTS = 2_000;
/** Generated runs take seconds, not the default 5 s budget of a unit test. */
const SLOW = { timeout: 60_000 };

/** The event types the app acts on; anything else is acknowledged and ignored. */
const KNOWN_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
] as const;

const now = () => Math.floor(Date.now() / 1000);

type HeaderPairs = [string, string][];

/** The shape every error leaves in: exactly `{ error: { code, message } }`. */
function isErrorBody(body: unknown, codes: readonly string[]): boolean {
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') return false;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || Object.keys(error).sort().join() !== 'code,message') return false;
  const { code, message } = error as { code: unknown; message: unknown };
  return typeof code === 'string' && codes.includes(code) && typeof message === 'string' && message.length > 0;
}

async function postWebhook(body: string | Uint8Array, headerPairs: HeaderPairs): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const [name, value] of headerPairs) headers.append(name, value);
  return callApp(new Request(WEBHOOK, { method: 'POST', headers, body }));
}

/** A header value a client can actually send: visible ASCII and spaces. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const nonString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);
const nonObject = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));

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
          'invoice.paid',
          'payment_intent.succeeded',
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

// ---------------------------------------------------------------------------------------------
// Validly signed events of a known type, with odd fields

/** JSON scalars of every kind, for fields a handler reads. */
const oddScalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.constant(Number.MAX_VALUE),
  fc.constantFrom(0, -1, 2 ** 53 + 2, 1e21, 0.5),
  fc.string({ maxLength: 12 }),
);

describe('validly signed events of a known type with odd fields', () => {
  it(
    'never answer 5xx, credit a session at most once and keep the ledger consistent (property)',
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const victim = await signUp();
      const bystander = await signUp();
      const open = await seedCheckout(victim.id);
      const credited = await seedCheckout(victim.id, { credits: 5_500, amount: 5_000 });
      await deliverDirect(completed(credited));
      const processing = await seedCheckout(victim.id);
      await deliverDirect(completed(processing, { payment_status: 'unpaid' }));
      const untouched = await seedCheckout(bystander.id);
      await deliverDirect(completed(untouched));
      const bystanderBefore = await moneySnapshot([bystander.id]);
      const sessions: SeededCheckout[] = [open, credited, processing];

      const paymentIntents = sessions.map((s) => s.paymentIntent);
      const objectArb = (type: string) =>
        fc.record(
          {
            id: type.startsWith('checkout.')
              ? fc.constantFrom(...sessions.map((s) => s.sessionId), 'cs_test_unknown')
              : fc.constantFrom(credited.chargeId, 'ch_unknown', 'dp_odd_1', 'dp_odd_2'),
            status: fc.oneof(oddScalar, fc.constantFrom('complete', 'expired', 'open', 'won', 'lost')),
            payment_status: fc.oneof(oddScalar, fc.constantFrom('paid', 'unpaid', 'no_payment_required')),
            amount_total: fc.oneof(oddScalar, fc.constantFrom(1000, 5000)),
            currency: fc.oneof(oddScalar, fc.constantFrom('usd', 'USD', 'eur', '')),
            payment_intent: fc.oneof(
              fc.constant({ value: 1 }),
              fc.constant([1, 2]),
              oddScalar,
              fc.constantFrom(...paymentIntents),
              fc.record({ id: fc.oneof(fc.constantFrom(...paymentIntents), fc.string({ maxLength: 8 })) }),
            ),
            amount_refunded: fc.oneof(oddScalar, fc.constant({ value: 1000 }), fc.integer({ min: 0, max: 5_000 })),
            amount: fc.oneof(oddScalar, fc.constant({ value: 1000 }), fc.integer({ min: 0, max: 5_000 })),
          },
          { requiredKeys: ['id'] },
        );
      const eventArb = fc
        .constantFrom(...KNOWN_TYPES)
        .chain((type) => objectArb(type).map((object) => event(type, object as Record<string, unknown>)));

      await fc.assert(
        fc.asyncProperty(eventArb, async (evt) => {
          const res = await deliverDirect(evt);
          const body = await res.json();
          if (res.status === 200) expect(body).toEqual({ received: true });
          else {
            expect(res.status).toBe(400);
            expect(isErrorBody(body, ['invalid_event'])).toBe(true);
          }
          await expectLedgerConsistent(victim.id);
          const purchases = (await ledgerRows(victim.id)).filter((r) => r.kind === 'purchase');
          const references = purchases.map((r) => r.reference);
          expect(new Set(references).size).toBe(references.length);
          for (const row of purchases) {
            expect(row.delta).toBe(sessions.find((s) => s.sessionId === row.reference)!.credits);
          }
        }),
        { seed, numRuns: 150 },
      );
      expect(await moneySnapshot([bystander.id])).toEqual({
        ...bystanderBefore,
        ledgerEntries: expect.any(Number),
        stripeEvents: expect.any(Number),
      });
    },
  );

  // Once found as bugs (a 500 or a corrupted balance); now refused as 400 invalid_event by
  // worker/billing/stripe-events.ts before any handler or SQL sees them.
  it('a signed checkout.session.completed whose currency is not a string does not answer 5xx', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    const res = await deliverDirect(completed(checkout, { currency: 840 as unknown as string }));
    expect(res.status).toBeLessThan(500);
    expect((await checkoutRow(checkout.sessionId))?.status).not.toBe('credited');
  });

  it('a signed charge.refunded without amount_refunded does not answer 5xx', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    await deliverDirect(completed(checkout));
    const evt = chargeRefunded(checkout, 0);
    delete (evt.data.object as Record<string, unknown>).amount_refunded;
    const res = await deliverDirect(evt);
    expect(res.status).toBeLessThan(500);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
  });

  it('a signed charge.refunded whose amount_refunded is an object does not answer 5xx', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    await deliverDirect(completed(checkout));
    const evt = chargeRefunded(checkout, 0);
    (evt.data.object as Record<string, unknown>).amount_refunded = { value: 1000 };
    const res = await deliverDirect(evt);
    expect(res.status).toBeLessThan(500);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
  });

  it('a signed charge.dispute.created with a null amount does not answer 5xx', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    await deliverDirect(completed(checkout));
    const evt = dispute('charge.dispute.created', checkout, 'dp_null_amount', 0);
    (evt.data.object as Record<string, unknown>).amount = null;
    const res = await deliverDirect(evt);
    expect(res.status).toBeLessThan(500);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
  });

  it('a signed charge.refunded with a non-numeric amount_refunded never gives credits back', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    await deliverDirect(completed(checkout));
    await deliverDirect(chargeRefunded(checkout, 250));
    expect((await balanceOf(user.id)).credits).toBe(750);
    const odd = chargeRefunded(checkout, 0);
    (odd.data.object as Record<string, unknown>).amount_refunded = 'abc';
    expect((await deliverDirect(odd)).status).toBeLessThan(500);
    expect((await balanceOf(user.id)).credits).toBe(750);
    await deliverDirect(chargeRefunded(checkout, checkout.amount));
    expect(await expectLedgerConsistent(user.id)).toBe(0);
  });

  it('a signed refund with a fractional amount_refunded keeps balances whole', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    await deliverDirect(completed(checkout));
    await deliverDirect(chargeRefunded(checkout, 250.5));
    const { credits } = await balanceOf(user.id);
    expect(Number.isInteger(credits)).toBe(true);
    expect((await ledgerRows(user.id)).every((r) => Number.isInteger(r.delta))).toBe(true);
  });

  it('a signed charge.dispute.created with an overflowing amount leaves a finite balance', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    await deliverDirect(completed(checkout));
    const res = await deliverDirect(dispute('charge.dispute.created', checkout, 'dp_overflow', Number.MAX_VALUE));
    expect(res.status).toBeLessThan(500);
    expect(Number.isSafeInteger((await balanceOf(user.id)).credits)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The JSON APIs

/** POSTs a raw body with an optional content type, from our own origin, as the site would. */
function postJson(path: string, body: unknown, opts: { cookie?: string; contentType?: string | null } = {}) {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  const raw = body instanceof RawBody ? body.text : JSON.stringify(body);
  return callApp(new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body: raw }));
}

/** A body sent as-is (not JSON-encoded). */
class RawBody {
  constructor(readonly text: string) {}
  toString() {
    return `raw(${JSON.stringify(this.text)})`;
  }
}

const contentTypeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/vnd.api+json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', null) },
);
const isJsonType = (t: string | null) => t !== null && /^application\/([\w.-]+\+)?json$/i.test(t.split(';')[0]!.trim());
/** What the server's validator sees: the parsed JSON, or `{}` when the content type is not JSON. */
const seenByServer = (body: unknown, contentType: string | null) =>
  !isJsonType(contentType) ? {} : body instanceof RawBody ? undefined : JSON.parse(JSON.stringify(body));
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const rawNonJson = fc
  .string({ maxLength: 30 })
  .filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  })
  .map((s) => new RawBody(s));

/** An address zod accepts, from a small space so that some repeat (409s). */
const plainEmail = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.constantFrom('example.com', 'mail.example.org', 'x.io'))
  .map(([local, domain]) => `${local}@${domain}`);

/** Counts what a property run answered, so a test can show its generator reached every outcome. */
function tally() {
  const seen = new Map<string | number, number>();
  return {
    add: (key: string | number) => seen.set(key, (seen.get(key) ?? 0) + 1),
    keys: () => [...seen.keys()].map(String).sort(),
    toString: () => JSON.stringify(Object.fromEntries(seen)),
  };
}

describe('POST /api/auth/signup under arbitrary bodies', () => {
  it(
    'answers 201, or 400/409 with the error shape, never 5xx; a 400 or 409 creates no user (property)',
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const taken = await signUp();
      const emailArb = fc.oneof(
        { weight: 4, arbitrary: plainEmail },
        { weight: 1, arbitrary: plainEmail.map((e) => ` ${e.toUpperCase()} `) },
        { weight: 3, arbitrary: fc.constantFrom(taken.email, taken.email.toUpperCase(), `  ${taken.email} `) },
        { weight: 1, arbitrary: fc.emailAddress() },
        { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
        { weight: 1, arbitrary: fc.constantFrom('', 'a@b', '@example.com', 'x@', `${'a'.repeat(250)}@example.com`) },
        { weight: 1, arbitrary: nonString },
      );
      const passwordArb = fc.oneof(
        { weight: 4, arbitrary: fc.string({ minLength: 8, maxLength: 30 }) },
        { weight: 2, arbitrary: fc.string({ maxLength: 7 }) },
        { weight: 1, arbitrary: fc.constantFrom('x'.repeat(1024), 'x'.repeat(1025)) },
        { weight: 1, arbitrary: nonString },
      );
      const bodyArb = fc.oneof(
        { weight: 6, arbitrary: fc.record({ email: emailArb, password: passwordArb }) },
        { weight: 1, arbitrary: fc.record({ email: emailArb, password: passwordArb }, { requiredKeys: [] }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        { weight: 1, arbitrary: rawNonJson },
      );
      const outcomes = tally();

      await fc.assert(
        fc.asyncProperty(bodyArb, contentTypeArb, async (body, contentType) => {
          const sent = seenByServer(body, contentType);
          const email = isPlainObject(sent) && typeof sent.email === 'string' ? sent.email.trim().toLowerCase() : null;
          const existed = email !== null && (await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', email)) > 0;
          const usersBefore = await count('SELECT COUNT(*) AS n FROM users');

          const res = await postJson('/api/auth/signup', body, { contentType });
          const json = await res.json();
          expect([201, 400, 409]).toContain(res.status);
          outcomes.add(res.status);
          const usersAfter = await count('SELECT COUNT(*) AS n FROM users');
          if (res.status === 201) {
            expect(existed).toBe(false);
            expect(json).toEqual({ user: { id: expect.any(String), email, credits: 0 } });
            expect(res.headers.get('set-cookie')).toMatch(/^cc_session=[0-9a-f]{64};/);
            expect(usersAfter).toBe(usersBefore + 1);
            expect(await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', email)).toBe(1);
            return;
          }
          expect(res.headers.get('set-cookie')).toBeNull();
          expect(usersAfter).toBe(usersBefore);
          if (res.status === 409) {
            expect(existed).toBe(true);
            expect(json).toEqual({
              error: { code: 'email_taken', message: 'An account with this email already exists.' },
            });
          } else {
            const code = body instanceof RawBody && isJsonType(contentType) ? 'invalid_json' : 'invalid_request';
            expect(isErrorBody(json, [code]), JSON.stringify(json)).toBe(true);
          }
        }),
        { seed, numRuns: 150 },
      );
      // Not vacuous: the generator reached every answer.
      expect(outcomes.keys(), `outcomes: ${outcomes}`).toEqual(['201', '400', '409']);
    },
  );
});

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
                    code: 'idempotency_key_reused',
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
      (typeof idempotencyKey !== 'string' || idempotencyKey.length < 1 || idempotencyKey.length > 255)
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
  it('spend and checkout answer 413 and change nothing', async () => {
    const user = await quickAccount();
    await grantCredits(user.id, 100);
    const tooLarge = { error: { code: 'payload_too_large', message: 'The request body is over 65536 bytes.' } };
    const spend = await postJson(
      '/api/credits/spend',
      { amount: 1, reason: 'r'.repeat(65 * 1024), idempotencyKey: 'big' },
      { cookie: user.cookie },
    );
    expect(spend.status).toBe(413);
    expect(await spend.json()).toEqual(tooLarge);
    const checkout = await postJson(
      '/api/checkout',
      { packId: 'starter', pad: 'x'.repeat(65 * 1024) },
      { cookie: user.cookie },
    );
    expect(checkout.status).toBe(413);
    expect(await checkout.json()).toEqual(tooLarge);
    expect(await balanceOf(user.id)).toEqual({ credits: 100, version: 1 });
    expect(await count('SELECT COUNT(*) AS n FROM checkout_sessions WHERE user_id = ?', user.id)).toBe(0);
  });
});
