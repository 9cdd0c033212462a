// Shared pieces of the bad-input suite (one file per endpoint beside this one): the error-shape
// check, generators of odd values and bodies, raw POSTs straight to the app, and the replay hint.
import fc from 'fast-check';
import { ORIGIN } from '../helpers';
import { callApp } from '../reliability/support';

export const WEBHOOK = `${ORIGIN}/api/v1/webhooks/stripe`;
/** Generated runs take seconds, not the default 5 s budget of a unit test. */
export const SLOW = { timeout: 60_000 };

export const replayHint = (file: string, seed: number) =>
  `${file}: seed ${seed} — replay with VITE_RELIABILITY_SEED=${seed} npx vitest run --project worker test/bad-input/${file}`;

/** The event types the app acts on; anything else is acknowledged and ignored. */
export const KNOWN_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
] as const;

export const now = () => Math.floor(Date.now() / 1000);

export type HeaderPairs = [string, string][];

/** The shape every error leaves in: exactly `{ error: { code, message } }`. */
export function isErrorBody(body: unknown, codes: readonly string[]): boolean {
  if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'error') return false;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || Object.keys(error).sort().join() !== 'code,message') return false;
  const { code, message } = error as { code: unknown; message: unknown };
  return typeof code === 'string' && codes.includes(code) && typeof message === 'string' && message.length > 0;
}

export async function postWebhook(body: string | Uint8Array, headerPairs: HeaderPairs): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const [name, value] of headerPairs) headers.append(name, value);
  return callApp(new Request(WEBHOOK, { method: 'POST', headers, body }));
}

/** A header value a client can actually send: visible ASCII and spaces. */
export const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

export const nonString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);
export const nonObject = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

// ---------------------------------------------------------------------------------------------
// The JSON APIs

/** POSTs a raw body with an optional content type, from our own origin, as the site would. */
export function postJson(path: string, body: unknown, opts: { cookie?: string; contentType?: string | null } = {}) {
  const headers: Record<string, string> = { origin: ORIGIN };
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  const raw = body instanceof RawBody ? body.text : JSON.stringify(body);
  return callApp(new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body: raw }));
}

/** A body sent as-is (not JSON-encoded). */
export class RawBody {
  constructor(readonly text: string) {}
  toString() {
    return `raw(${JSON.stringify(this.text)})`;
  }
}

export const contentTypeArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/vnd.api+json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', null) },
);
export const isJsonType = (t: string | null) =>
  t !== null && /^application\/([\w.-]+\+)?json$/i.test(t.split(';')[0]!.trim());
/** What the server's validator sees: the parsed JSON, or `{}` when the content type is not JSON. */
export const seenByServer = (body: unknown, contentType: string | null) =>
  !isJsonType(contentType) ? {} : body instanceof RawBody ? undefined : JSON.parse(JSON.stringify(body));
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const rawNonJson = fc
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
export const plainEmail = fc
  .tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.constantFrom('example.com', 'mail.example.org', 'x.io'))
  .map(([local, domain]) => `${local}@${domain}`);

/** Counts what a property run answered, so a test can show its generator reached every outcome. */
export function tally() {
  const seen = new Map<string | number, number>();
  return {
    add: (key: string | number) => seen.set(key, (seen.get(key) ?? 0) + 1),
    keys: () => [...seen.keys()].map(String).sort(),
    toString: () => JSON.stringify(Object.fromEntries(seen)),
  };
}
