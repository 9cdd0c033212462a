// The console's Webhooks API (/api/admin/webhooks): operators only (401 / 403, nothing changed),
// and each change doing what the service API's does, with its audit row.
import { env } from 'cloudflare:test';
import { Webhook } from 'standardwebhooks';
import { describe, expect, inject, it } from 'vitest';
import { drainOutbox } from '../../worker/webhooks/drain';
import { api, grantCredits, signUp, testDb } from '../helpers';
import type { ReceivedHook } from '../setup/start-webhook-receiver';
import { auditRows, operator } from './support';

const receiver = inject('webhookReceiverUrl');

const count = async (sql: string) => (await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0;
const endpointCount = () => count('SELECT COUNT(*) AS n FROM webhook_endpoints WHERE deleted_at IS NULL');

async function received(name: string, n: number): Promise<ReceivedHook[]> {
  const res = await fetch(`${receiver}/received/${name}?count=${n}`);
  expect(res.status, `waiting for ${n} deliveries to ${name}`).toBe(200);
  return (await res.json()) as ReceivedHook[];
}

function routes(id: string, messageId: string): [string, string, unknown?][] {
  return [
    ['GET', '/api/admin/webhooks'],
    ['POST', '/api/admin/webhooks', { url: 'https://receiver.example/x', events: ['balance.low'] }],
    ['GET', `/api/admin/webhooks/${id}/deliveries`],
    ['POST', `/api/admin/webhooks/${id}/rotate-secret`],
    ['POST', `/api/admin/webhooks/${id}/deliveries/${messageId}/resend`],
    ['POST', `/api/admin/webhooks/${id}/disable`],
    ['POST', `/api/admin/webhooks/${id}/enable`],
    ['DELETE', `/api/admin/webhooks/${id}`],
  ];
}

describe('the console webhooks API', () => {
  it('answers 401 anonymous and 403 to a user on every route, changing nothing; an operator gets 2xx', async () => {
    const op = await operator();
    const created = await api('/api/admin/webhooks', {
      method: 'POST',
      cookie: op.cookie,
      body: { url: 'https://receiver.example/hooks', events: ['credits.granted'] },
    });
    expect(created.status).toBe(201);
    const { endpoint } = (await created.json()) as { endpoint: { id: string } };
    const target = await signUp();
    await grantCredits(target.id, 50);
    const event = await env.DB.prepare('SELECT id FROM webhook_events WHERE user_id = ?')
      .bind(target.id)
      .first<{ id: string }>();
    const user = await signUp();
    const before = { endpoints: await endpointCount(), audit: (await auditRows()).length };

    for (const [method, path, body] of routes(endpoint.id, `msg_${event?.id}`)) {
      expect((await api(path, { method, body })).status, `${method} ${path} anonymous`).toBe(401);
      const asUser = await api(path, { method, body, cookie: user.cookie });
      expect(asUser.status, `${method} ${path} user`).toBe(403);
      expect(await asUser.json()).toEqual({ error: { code: 'forbidden', message: 'This needs an operator account.' } });
    }
    expect({ endpoints: await endpointCount(), audit: (await auditRows()).length }).toEqual(before);
    const [row] = (
      await env.DB.prepare('SELECT disabled_at, previous_secret FROM webhook_endpoints WHERE id = ?')
        .bind(endpoint.id)
        .all()
    ).results;
    expect(row).toEqual({ disabled_at: null, previous_secret: null });

    const statuses = [];
    for (const [method, path, body] of routes(endpoint.id, `msg_${event?.id}`)) {
      statuses.push((await api(path, { method, body, cookie: op.cookie })).status);
    }
    expect(statuses).toEqual([200, 201, 200, 200, 202, 200, 200, 204]);
  });

  it('an operator creates (secret once), sees deliveries, resends, disables, enables, rotates and deletes; each audited', async () => {
    // Events other tests left undrained would go to this endpoint too (subscribed at drain time).
    await drainOutbox(testDb(), env.WEBHOOKS_QUEUE);
    const op = await operator();
    const name = `admin-${crypto.randomUUID().slice(0, 8)}`;
    const res = await api('/api/admin/webhooks', {
      method: 'POST',
      cookie: op.cookie,
      body: { url: `${receiver}/hooks/${name}`, events: ['credits.granted'], description: 'console' },
    });
    expect(res.status).toBe(201);
    const { endpoint, secret } = (await res.json()) as { endpoint: { id: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const list = await (await api('/api/admin/webhooks', { cookie: op.cookie })).text();
    expect(list).toContain(endpoint.id);
    expect(list).not.toContain(secret.slice(6));

    const user = await signUp();
    await grantCredits(user.id, 70);
    await drainOutbox(testDb(), env.WEBHOOKS_QUEUE); // the helper's grant starts no drain of its own
    const [first] = await received(name, 1);
    expect(new Webhook(secret).verify(first.body, first.headers)).toMatchObject({ type: 'credits.granted' });
    const messageId = first.headers['webhook-id'];
    type Log = { deliveries: { messageId: string; attempt: number; responseCode: number | null }[] };
    let log: Log = { deliveries: [] };
    for (let tries = 0; tries < 100 && log.deliveries.length < 1; tries++) {
      log = await (await api(`/api/admin/webhooks/${endpoint.id}/deliveries`, { cookie: op.cookie })).json();
    }
    expect(log.deliveries).toMatchObject([{ messageId, attempt: 1, responseCode: 200 }]);

    const resent = await api(`/api/admin/webhooks/${endpoint.id}/deliveries/${messageId}/resend`, {
      method: 'POST',
      cookie: op.cookie,
    });
    expect(resent.status).toBe(202);
    const [, again] = await received(name, 2);
    expect([again.headers['webhook-id'], again.body]).toEqual([messageId, first.body]);

    const post = (path: string) =>
      api(`/api/admin/webhooks/${endpoint.id}${path}`, { method: 'POST', cookie: op.cookie });
    const disabled = (await (await post('/disable')).json()) as { endpoint: { disabledReason: string } };
    expect(disabled.endpoint.disabledReason).toBe(`disabled by an operator (${op.email})`);
    const refused = await post(`/deliveries/${messageId}/resend`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('webhook_endpoint_disabled');
    const enabled = (await (await post('/enable')).json()) as { endpoint: { disabledAt: null; disabledReason: null } };
    expect(enabled.endpoint).toMatchObject({ disabledAt: null, disabledReason: null });
    const rotated = (await (await post('/rotate-secret')).json()) as { secret: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(secret);
    expect((await api(`/api/admin/webhooks/${endpoint.id}`, { method: 'DELETE', cookie: op.cookie })).status).toBe(204);
    const gone = await post('/enable');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({
      error: { code: 'webhook_endpoint_not_found', message: 'No such webhook endpoint.' },
    });

    const mine = (await auditRows()).filter((r) => r.target === endpoint.id);
    expect(mine.map((r) => [r.actor, r.action])).toEqual(
      ['create', 'resend', 'disable', 'enable', 'rotate_secret', 'delete'].map((a) => [op.id, `webhook.${a}`]),
    );
    expect(JSON.parse(mine[0]?.detail ?? '{}')).toEqual({
      url: `${receiver}/hooks/${name}`,
      events: ['credits.granted'],
    });
    expect(JSON.parse(mine[1]?.detail ?? '{}')).toEqual({ messageId });
  });

  it('refuses a bad url (400) and an unknown endpoint (404), recording nothing', async () => {
    const op = await operator();
    const before = { endpoints: await endpointCount(), audit: (await auditRows()).length };
    const bad = await api('/api/admin/webhooks', {
      method: 'POST',
      cookie: op.cookie,
      body: { url: 'ftp://x.example/' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('webhook_url_not_allowed');
    for (const path of ['/disable', '/enable', '/rotate-secret', '/deliveries/msg_00/resend']) {
      const res = await api(`/api/admin/webhooks/we_nope${path}`, { method: 'POST', cookie: op.cookie });
      expect(res.status, path).toBe(404);
    }
    expect((await api('/api/admin/webhooks/we_nope', { method: 'DELETE', cookie: op.cookie })).status).toBe(404);
    expect({ endpoints: await endpointCount(), audit: (await auditRows()).length }).toEqual(before);
  });
});
