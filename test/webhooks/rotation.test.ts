// Secret rotation with overlap: during the 24 h after POST …/rotate-secret each attempt carries two
// signatures (new and old), so a receiver holding either secret verifies with `standardwebhooks`;
// after the overlap (time injected into the rotation) only the new secret verifies.
import { env } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { deliverOne } from '../../worker/webhooks/delivery';
import { ROTATION_OVERLAP_MS, rotateSecret } from '../../worker/webhooks/manage';
import { grantCredits, signUp, testDb } from '../helpers';
import { makeKey, service } from '../service/support';

interface Captured {
  headers: Record<string, string>;
  body: string;
}

/** Delivers the user's grant event to the endpoint now, through a fetcher that records the request. */
async function deliverGrant(endpointId: string, userId: string): Promise<Captured> {
  const event = await env.DB.prepare("SELECT id FROM webhook_events WHERE user_id = ? AND type = 'credits.granted'")
    .bind(userId)
    .first<{ id: string }>();
  let captured: Captured | undefined;
  const fetcher = (async (_url: string, init: RequestInit) => {
    captured = { headers: init.headers as Record<string, string>, body: String(init.body) };
    return new Response(null, { status: 204 });
  }) as unknown as typeof fetch;
  const result = await deliverOne(testDb(), { eventId: event?.id ?? '', endpointId }, 1, {
    retryBaseSeconds: 1,
    fetcher,
  });
  expect(result).toEqual({ outcome: 'delivered', status: 204 });
  return captured as Captured;
}

/** An endpoint for a type no test here produces, so the real queue sends it nothing; the test delivers by hand. */
async function endpointWithGrant(key: string) {
  const res = await service('/webhook-endpoints', {
    method: 'POST',
    key,
    body: { url: 'https://receiver.example/hooks', events: ['credits.granted'] },
  });
  expect(res.status).toBe(201);
  const created = (await res.json()) as { endpoint: { id: string }; secret: string };
  const user = await signUp();
  await grantCredits(user.id, 500);
  return { ...created, user };
}

const verifies = (secret: string, hook: Captured) => {
  try {
    return (new Webhook(secret).verify(hook.body, hook.headers) as { type: string }).type;
  } catch {
    return 'refused';
  }
};

describe('webhook secret rotation', () => {
  it('gives a new whsec_ secret; during the overlap both the old and the new secret verify', async () => {
    const { secret: key } = await makeKey();
    const { endpoint, secret: oldSecret, user } = await endpointWithGrant(key);
    const before = Date.now();
    const res = await service(`/webhook-endpoints/${endpoint.id}/rotate-secret`, { method: 'POST', key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { secret: string; previousSecretUntil: string };
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(body.secret).not.toBe(oldSecret);
    expect(Date.parse(body.previousSecretUntil) - before).toBeGreaterThanOrEqual(ROTATION_OVERLAP_MS);
    expect(Date.parse(body.previousSecretUntil) - Date.now()).toBeLessThanOrEqual(ROTATION_OVERLAP_MS);

    const hook = await deliverGrant(endpoint.id, user.id);
    expect(hook.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verifies(oldSecret, hook)).toBe('credits.granted');
    expect(verifies(body.secret, hook)).toBe('credits.granted');
    const stranger = `whsec_${btoa(String.fromCharCode(...new Uint8Array(32)))}`;
    expect(verifies(stranger, hook)).toBe('refused');
    // The list never shows either secret.
    const list = await (await service('/webhook-endpoints', { key })).text();
    expect(list).not.toContain(body.secret.slice(6));
    expect(list).not.toContain(oldSecret.slice(6));
  });

  it('after the overlap only the new secret signs', async () => {
    const { secret: key } = await makeKey();
    const { endpoint, secret: oldSecret, user } = await endpointWithGrant(key);
    // Rotated a day and a second ago: the overlap is over now.
    const rotated = await rotateSecret(testDb(), endpoint.id, Date.now() - ROTATION_OVERLAP_MS - 1000);
    if (rotated.outcome !== 'rotated') throw new Error(rotated.outcome);

    const hook = await deliverGrant(endpoint.id, user.id);
    expect(hook.headers['webhook-signature']).toMatch(/^v1,\S+$/);
    expect(verifies(rotated.secret, hook)).toBe('credits.granted');
    expect(verifies(oldSecret, hook)).toBe('refused');
  });

  it('a second rotation within the overlap keeps only the secret it replaced beside the new one', async () => {
    const { secret: key } = await makeKey();
    const { endpoint, secret: first, user } = await endpointWithGrant(key);
    const second = await rotateSecret(testDb(), endpoint.id);
    const third = await rotateSecret(testDb(), endpoint.id);
    if (second.outcome !== 'rotated' || third.outcome !== 'rotated') throw new Error('not rotated');

    const hook = await deliverGrant(endpoint.id, user.id);
    expect([verifies(first, hook), verifies(second.secret, hook), verifies(third.secret, hook)]).toEqual([
      'refused',
      'credits.granted',
      'credits.granted',
    ]);
  });

  it('answers 404 for an unknown or deleted endpoint', async () => {
    const { secret: key } = await makeKey();
    const { endpoint } = await endpointWithGrant(key);
    expect((await service(`/webhook-endpoints/${endpoint.id}`, { method: 'DELETE', key })).status).toBe(204);
    for (const id of [endpoint.id, 'we_nope']) {
      const res = await service(`/webhook-endpoints/${id}/rotate-secret`, { method: 'POST', key });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        error: { code: 'webhook_endpoint_not_found', message: 'No such webhook endpoint.' },
      });
    }
  });
});
