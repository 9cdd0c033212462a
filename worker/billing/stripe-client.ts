// The Stripe SDK, configured from bindings: the fetch + Web Crypto build (the package's `workerd`
// export), pointed at STRIPE_API_BASE when set (the local emulator) and at Stripe otherwise.
import Stripe from 'stripe';
import { AppError } from '../errors';

// One client per isolate and configuration: building one is not free, and it holds no
// per-request state.
const clients = new Map<string, Stripe>();

export function stripeClient(env: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new AppError(500, 'stripe_not_configured', 'Payments are not configured.');
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

// Web Crypto: the synchronous Node crypto path throws inside workerd.
const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** Stripe's default tolerance: a signature older than this is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies `Stripe-Signature` over the raw body and parses the event. Any matching `v1` passes,
 * so a secret can rotate while Stripe signs with both. Throws on a bad, stale or missing signature.
 */
export function verifyStripeEvent(rawBody: string, signature: string, secret: string): Promise<Stripe.Event> {
  return Stripe.webhooks.constructEventAsync(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS, cryptoProvider);
}

export type { Stripe };
