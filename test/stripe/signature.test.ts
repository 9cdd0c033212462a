// Stripe webhook signatures, verified by the Worker itself (worker/stripe/client.ts; the slim SDK
// build has no webhooks module): a header the real SDK made is accepted, and everything Stripe's
// own verifier refuses is refused. The route-level refusals (missing, stale, tampered, rotated
// secrets, 400 invalid_signature writing nothing) are in test/webhook.test.ts and bad-input/webhook.test.ts.
import { describe, expect, it } from 'vitest';
import { verifyStripeEvent } from '../../worker/stripe/client';

// Made once in Node by stripe@23.1.0: `new Stripe(k).webhooks.generateTestHeaderString({ payload,
// secret: 'whsec_vector', timestamp: 1767225600 })`.
const PAYLOAD = '{"id":"evt_vector","object":"event","type":"checkout.session.completed"}';
const SECRET = 'whsec_vector';
const T = 1767225600;
const V1 = '03ea07f6814b8c14e40e9e1e34e1777eb78f3c46d48837635277568ea97e164e';
const AT = T * 1000 + 1000;

describe("the Worker's Stripe signature check", () => {
  it("accepts a header Stripe's SDK signed, and returns the parsed event", async () => {
    const event = await verifyStripeEvent(PAYLOAD, `t=${T},v1=${V1}`, SECRET, AT);
    expect(event).toEqual({ id: 'evt_vector', object: 'event', type: 'checkout.session.completed' });
  });

  it('accepts it among other v1s and schemes (a rotating secret, a v0)', async () => {
    const header = `t=${T},v1=${'0'.repeat(64)},v0=${V1},v1=${V1}`;
    expect((await verifyStripeEvent(PAYLOAD, header, SECRET, AT)).id).toBe('evt_vector');
  });

  it.each([
    ['another secret', `t=${T},v1=${V1}`, 'whsec_other', PAYLOAD],
    ['one changed byte of the body', `t=${T},v1=${V1}`, SECRET, PAYLOAD.replace('vector', 'vectos')],
    ['another time in t=', `t=${T + 1},v1=${V1}`, SECRET, PAYLOAD],
    ['a v1 one character short', `t=${T},v1=${V1.slice(1)}`, SECRET, PAYLOAD],
    ['the signature under v0 only', `t=${T},v0=${V1}`, SECRET, PAYLOAD],
    ['no t=', `v1=${V1}`, SECRET, PAYLOAD],
    ['a blank secret', `t=${T},v1=${V1}`, ' ', PAYLOAD],
  ])('refuses %s', async (_, header, secret, payload) => {
    await expect(verifyStripeEvent(payload, header, secret, AT)).rejects.toThrow();
  });

  it('refuses a validly signed thin (v2) event notification, as the SDK does', async () => {
    const thin = '{"id":"evt_thin","object":"v2.core.event","type":"v1.billing.meter.error_report_triggered"}';
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${T}.${thin}`)));
    const v1 = Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
    await expect(verifyStripeEvent(thin, `t=${T},v1=${v1}`, SECRET, AT)).rejects.toThrow(/thin/);
  });
});
