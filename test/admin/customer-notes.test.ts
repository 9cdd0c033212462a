// Internal vs customer-facing (issue 23, item 3): an adjustment's internal reason and the operator's
// email stay in the console (and the audit log); everything the customer (or the app's backend on
// their behalf) can read shows only the customer note, or the neutral default.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signUp } from '../helpers';
import { connect } from '../live-socket';
import { makeKey, service } from '../service/support';
import { operator } from './support';

const SECRET = 'chargeback risk, VIP, see ticket 4411';

describe('adjustment notes', () => {
  it('the customer never reads the internal reason or the operator, on any path; the console shows both', async () => {
    const [op, user] = [await operator(), await signUp()];
    const socket = await connect(user);
    await socket.waitFor(1);
    const adjust = (body: Record<string, unknown>) =>
      api(`/api/admin/users/${user.id}/adjustments`, {
        method: 'POST',
        cookie: op.cookie,
        body: { idempotencyKey: crypto.randomUUID(), ...body },
      });
    expect((await adjust({ amount: 700, reason: SECRET })).status).toBe(201);
    expect((await adjust({ amount: -200, reason: SECRET, customerNote: 'Correction of a duplicate' })).status).toBe(
      201,
    );
    await socket.waitFor(3);

    const key = await makeKey();
    const readable = [
      await (await api('/api/history', { cookie: user.cookie })).text(),
      await (await api('/api/history/export.csv', { cookie: user.cookie })).text(),
      await (await api('/api/credits/ledger', { cookie: user.cookie })).text(),
      await (await api('/api/credits/lots', { cookie: user.cookie })).text(),
      await (await service(`/users/${user.id}/ledger`, { key: key.secret })).text(),
      JSON.stringify(socket.messages()),
      // Webhooks out to the app's backend carry the entry's words too (when an endpoint listens).
      JSON.stringify(
        (await env.DB.prepare('SELECT data FROM webhook_events WHERE user_id = ?').bind(user.id).all()).results,
      ),
    ];
    for (const text of readable) {
      expect(text).not.toContain('chargeback');
      expect(text).not.toContain(op.email);
    }
    expect(readable[0]).toContain('Adjustment by support');
    expect(readable[0]).toContain('Correction of a duplicate');
    expect(socket.messages().map((m) => m.change?.reference)).toEqual([
      undefined,
      'Adjustment by support',
      'Correction of a duplicate',
    ]);

    const picture = (await (await api(`/api/admin/users/${user.id}`, { cookie: op.cookie })).json()) as {
      ledger: { entries: { delta: number; reference: string; internal: unknown }[] };
    };
    expect(picture.ledger.entries.map((e) => [e.delta, e.reference, e.internal])).toEqual([
      [-200, 'Correction of a duplicate', { reason: SECRET, operator: op.email }],
      [700, 'Adjustment by support', { reason: SECRET, operator: op.email }],
    ]);
  });
});
