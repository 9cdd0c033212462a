// /api/v1/webhook-endpoints and /api/v1/users/{id}/alerts: create (secret once), list, delete,
// the delivery log's 404, safe URLs (production rules unit-tested), and the threshold's effect.
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ignoreCommits } from '../../worker/ledger/commit';
import { spend } from '../../worker/ledger/spending';
import { checkEndpointUrl } from '../../worker/webhooks/safe-url';
import { grantCredits, signUp, testDb } from '../helpers';
import { makeKey, service } from '../service/support';
import { addReceiver, eventsOf } from './support';

const endpointCount = async () =>
  (await env.DB.prepare('SELECT COUNT(*) AS n FROM webhook_endpoints').first<{ n: number }>())?.n ?? 0;

describe('webhook endpoints', () => {
  it('creates an endpoint with a whsec_ secret of 32 bytes shown once, lists it without, deletes it', async () => {
    const { secret: key } = await makeKey();
    const res = await service('/webhook-endpoints', {
      method: 'POST',
      key,
      body: { url: 'http://127.0.0.1:9/hooks', events: ['balance.low', 'credits.purchased'], description: 'app' },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { endpoint: { id: string }; secret: string };
    expect(body.endpoint).toEqual({
      id: expect.stringMatching(/^we_[0-9a-f]{24}$/),
      url: 'http://127.0.0.1:9/hooks',
      events: ['balance.low', 'credits.purchased'],
      description: 'app',
      createdAt: expect.any(String),
      disabledAt: null,
      disabledReason: null,
    });
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(atob(body.secret.slice(6))).toHaveLength(32);

    const list = (await (await service('/webhook-endpoints', { key })).json()) as { endpoints: unknown[] };
    expect(list.endpoints).toContainEqual(body.endpoint);
    expect(JSON.stringify(list)).not.toContain(body.secret);

    expect((await service(`/webhook-endpoints/${body.endpoint.id}`, { method: 'DELETE', key })).status).toBe(204);
    const again = await service(`/webhook-endpoints/${body.endpoint.id}`, { method: 'DELETE', key });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({
      error: { code: 'webhook_endpoint_not_found', message: 'No such webhook endpoint.' },
    });
    const deliveries = await service(`/webhook-endpoints/${body.endpoint.id}/deliveries`, { key });
    expect(deliveries.status).toBe(404);
  });

  it('refuses a bad url or an unknown event type with 400, and stores nothing', async () => {
    const { secret: key } = await makeKey();
    const before = await endpointCount();
    for (const [body, code] of [
      [{ url: 'ftp://example.com/x' }, 'webhook_url_not_allowed'],
      [{ url: 'not a url' }, 'webhook_url_not_allowed'],
      [{ url: 'https://example.com/x', events: ['credits.stolen'] }, 'invalid_request'],
      [{ url: 'https://example.com/x', events: [] }, 'invalid_request'],
      [{ events: ['balance.low'] }, 'invalid_request'],
    ] as const) {
      const res = await service('/webhook-endpoints', { method: 'POST', key, body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await endpointCount()).toBe(before);
    expect((await service('/webhook-endpoints', { method: 'POST', body: { url: 'https://a.example' } })).status).toBe(
      401,
    );
  });

  it('in production refuses http, loopback, private and link-local hosts', () => {
    const refused = [
      'http://example.com/hook',
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.1.1/hook',
      'https://169.254.169.254/latest',
      'https://[::1]/hook',
      'https://[fd00::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://localhost/hook',
      'https://printer.local/hook',
      'https://intranet/hook',
    ];
    for (const url of refused) expect(checkEndpointUrl(url, false).outcome, url).toBe('refused');
    expect(checkEndpointUrl('https://hooks.example.com/in', false)).toEqual({
      outcome: 'allowed',
      url: 'https://hooks.example.com/in',
    });
    expect(checkEndpointUrl('http://127.0.0.1:8600/in', true).outcome).toBe('allowed');
  });
});

describe('alerts', () => {
  beforeAll(addReceiver);

  it("sets a user's threshold; balance.low then fires at it (0 turns it off)", async () => {
    const { secret: key } = await makeKey();
    const user = await signUp();
    const res = await service(`/users/${user.id}/alerts`, { method: 'PUT', key, body: { lowBalance: 500 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ lowBalance: 500 });
    await grantCredits(user.id, 600);
    await spend(testDb(), ignoreCommits, { userId: user.id, amount: 150, reason: 'r', idempotencyKey: 's1' });
    expect((await eventsOf(user.id, 'balance.low')).map((e) => e.data)).toEqual([
      expect.objectContaining({ threshold: 500, balance: 450 }),
    ]);

    await service(`/users/${user.id}/alerts`, { method: 'PUT', key, body: { lowBalance: 0 } });
    await grantCredits(user.id, 1000);
    await spend(testDb(), ignoreCommits, { userId: user.id, amount: 1440, reason: 'r', idempotencyKey: 's2' });
    expect(await eventsOf(user.id, 'balance.low')).toHaveLength(1);
  });

  it('400 for a bad threshold, 404 for an unknown user', async () => {
    const { secret: key } = await makeKey();
    const user = await signUp();
    const bad = await service(`/users/${user.id}/alerts`, { method: 'PUT', key, body: { lowBalance: -1 } });
    expect(bad.status).toBe(400);
    const unknown = await service('/users/nobody/alerts', { method: 'PUT', key, body: { lowBalance: 5 } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('user_not_found');
  });
});
