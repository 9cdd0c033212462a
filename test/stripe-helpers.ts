// Stripe-shaped events, signed the way Stripe signs them, and checkout rows to fulfil.
import { env } from 'cloudflare:test';
import { api } from './helpers';

let seq = 0;
const id = (prefix: string) =>
  `${prefix}_test_${Date.now().toString(36)}${(++seq).toString(36)}${crypto.randomUUID().slice(0, 8)}`;

export interface SeededCheckout {
  sessionId: string;
  paymentIntent: string;
  chargeId: string;
  credits: number;
  amount: number;
  currency: string;
}

/** A checkout row as POST /api/checkout records it (without calling Stripe). */
export async function seedCheckout(
  userId: string,
  pack: { credits: number; amount: number; currency?: string } = { credits: 1000, amount: 1000 },
): Promise<SeededCheckout> {
  const seeded = {
    sessionId: id('cs'),
    paymentIntent: id('pi'),
    chargeId: id('ch'),
    credits: pack.credits,
    amount: pack.amount,
    currency: pack.currency ?? 'usd',
  };
  await env.DB.prepare(
    `INSERT INTO checkout_sessions (id, user_id, pack_id, credits, amount, currency) VALUES (?, ?, 'starter', ?, ?, ?)`,
  )
    .bind(seeded.sessionId, userId, seeded.credits, seeded.amount, seeded.currency)
    .run();
  return seeded;
}

export function checkoutSessionObject(
  c: SeededCheckout,
  over: { status?: string; payment_status?: string; amount_total?: number; currency?: string } = {},
) {
  return {
    id: c.sessionId,
    object: 'checkout.session',
    amount_total: c.amount,
    currency: c.currency,
    status: 'complete',
    payment_status: 'paid',
    payment_intent: c.paymentIntent,
    mode: 'payment',
    livemode: false,
    metadata: {},
    ...over,
  };
}

export function event(type: string, object: Record<string, unknown>, eventId = id('evt')) {
  return {
    id: eventId,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

export const completed = (c: SeededCheckout, over?: Parameters<typeof checkoutSessionObject>[1], eventId?: string) =>
  event('checkout.session.completed', checkoutSessionObject(c, over), eventId);

export function chargeRefunded(c: SeededCheckout, amountRefunded: number) {
  return event('charge.refunded', {
    id: c.chargeId,
    object: 'charge',
    amount: c.amount,
    amount_refunded: amountRefunded,
    refunded: amountRefunded >= c.amount,
    currency: c.currency,
    payment_intent: c.paymentIntent,
  });
}

export function dispute(
  type: 'charge.dispute.created' | 'charge.dispute.closed',
  c: SeededCheckout,
  disputeId: string,
  amount: number,
  status = 'needs_response',
) {
  return event(type, {
    id: disputeId,
    object: 'dispute',
    amount,
    currency: c.currency,
    charge: c.chargeId,
    payment_intent: c.paymentIntent,
    status,
  });
}

/**
 * `Stripe-Signature` for a payload, made as Stripe documents it (HMAC-SHA256 hex of `{t}.{payload}`):
 * written here, apart from the Worker's verifier, so a bug in one is not mirrored by the other
 * (test/stripe/signature.test.ts checks the verifier against a header the SDK itself made).
 */
export async function signature(payload: string, secret = env.STRIPE_WEBHOOK_SECRET, timestamp?: number) {
  // As the SDK's generateTestHeaderString: a fractional time is floored, none (or 0) is now.
  const t = (timestamp && Math.floor(timestamp)) || Math.floor(Date.now() / 1000);
  const utf8 = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(`${t}.${payload}`)));
  return `t=${t},v1=${Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Delivers an event as Stripe does: the raw JSON with a fresh signature. */
export async function deliver(evt: unknown, init: { secret?: string; timestamp?: number } = {}) {
  const payload = typeof evt === 'string' ? evt : JSON.stringify(evt);
  return api('/api/v1/webhooks/stripe', {
    method: 'POST',
    body: payload,
    headers: { 'stripe-signature': await signature(payload, init.secret, init.timestamp), origin: '' },
  });
}

export async function checkoutRow(sessionId: string) {
  return env.DB.prepare('SELECT status, amount_refunded, payment_intent FROM checkout_sessions WHERE id = ?')
    .bind(sessionId)
    .first<{ status: string; amount_refunded: number; payment_intent: string | null }>();
}

/** Recorded Stripe events about one object (storage is shared by the tests of a file). */
export async function eventCount(objectId: string): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events WHERE object_id = ?')
    .bind(objectId)
    .first<{ n: number }>())!.n;
}

/** A call to the Stripe emulator (its API or its /_emulator test controls), as the Worker's key. */
export const emulator = (path: string, init: RequestInit = {}) =>
  fetch(`${env.STRIPE_API_BASE}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}`, 'content-type': 'application/json', ...init.headers },
  });
