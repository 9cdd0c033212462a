// The Stripe SDK, configured from bindings: the fetch + Web Crypto build (the package's `workerd`
// export), pointed at STRIPE_API_BASE when set (the local emulator) and at Stripe otherwise.
// In the Worker's bundle `stripe` is the slim build (wrangler.toml [alias], worker/stripe/vendor/).
import Stripe from 'stripe';
import { notConfigured } from '../errors';
import type { STRIPE_METHODS, StripeResourceName } from './resources';

/** `T` with only the methods `M` names (a list), or a namespace's sub-resources narrowed the same way. */
type Kept<T, M> = M extends readonly (infer N)[]
  ? Pick<T, N & keyof T>
  : { [S in keyof M]: Kept<T[S & keyof T], M[S]> };

/**
 * The client as the Worker may use it: only the resources and methods the slim build keeps
 * (./resources.ts), so a call to one left out fails to compile rather than at run time.
 */
export type StripeClient = { [K in StripeResourceName]: Kept<Stripe[K], (typeof STRIPE_METHODS)[K]> };

/** How far back reconciliation asks Stripe (sessions and invoices alike): Stripe's 72 h of retries. */
export const RECONCILE_WINDOW_MS = 72 * 60 * 60 * 1000;

// One client per isolate and configuration: building one is not free, and it holds no
// per-request state.
const clients = new Map<string, StripeClient>();

export function stripeClient(env: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): StripeClient {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw notConfigured('stripe_not_configured', 'Payments are not configured.');
  const base = env.STRIPE_API_BASE ?? '';
  const cacheKey = `${key}\n${base}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new Stripe(key, {
      httpClient: Stripe.createFetchHttpClient(),
      // The default is 80 s; a checkout page should not hang that long on a stuck call.
      timeout: 10_000,
      maxNetworkRetries: 1,
      ...(base ? endpoint(base) : {}),
    });
    clients.set(cacheKey, client);
  }
  return client;
}

function endpoint(base: string) {
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: Number(url.port || (protocol === 'http' ? 80 : 443)),
    protocol,
  } as const;
}

/** Stripe's default tolerance: a signature older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies `Stripe-Signature` over the raw body and parses the event, as the SDK's
 * `webhooks.constructEventAsync` does (the slim build leaves that module out): HMAC-SHA256 of
 * `{t}.{body}` with Web Crypto, compared in constant time with each `v1`, so a secret can rotate
 * while Stripe signs with both. Throws on a bad, stale, future or missing signature.
 */
export async function verifyStripeEvent(
  rawBody: string,
  signature: string,
  secret: string,
  now = Date.now(),
): Promise<Stripe.Event> {
  // The SDK only refuses timestamps too far in the past: one signed for years ahead (a leaked
  // secret's replay kit) would stay valid until then. Refuse anything off by more than the
  // tolerance on either side.
  const t = signatureTimestamp(signature);
  if (t === null || Math.abs(now / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new Error('Stripe-Signature timestamp is missing or outside the tolerance');
  }
  if (!rawBody || !/\S/.test(secret)) throw new Error('No payload or no webhook secret');
  const expected = await hmacHex(secret, `${t}.${rawBody}`);
  const given = signature.split(',').flatMap((item) => {
    const [key, value = ''] = item.split('=');
    return key === 'v1' ? [value] : [];
  });
  if (!given.some((v1) => sameText(v1, expected))) throw new Error('No v1 signature matches the payload');
  const event = JSON.parse(rawBody) as Stripe.Event | { object?: unknown };
  // A thin (v2) event notification is not an event: the SDK refuses it here too.
  if (event?.object === 'v2.core.event') throw new Error('A thin event notification, not an event');
  return event as Stripe.Event;
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const utf8 = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Equal strings, in time that depends on the length only (the SDK's `secureCompare`). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The `t=` of a `Stripe-Signature` header read exactly as the SDK reads it (the last `t=`,
 * parseInt), so the time we check is the time the SDK verifies the signature over; null if none.
 */
export function signatureTimestamp(header: string): number | null {
  let t: number | null = null;
  for (const item of header.split(',')) {
    const [key, value = ''] = item.split('=');
    if (key === 't') t = Number.parseInt(value, 10);
  }
  return t === null || Number.isNaN(t) ? null : t;
}

export type { Stripe };

/** The id of a Stripe reference, expanded (an object) or not (its id). */
export function idOf(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}
