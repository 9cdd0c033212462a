// "View as the user sees it" (issue 23, item 7): an operator reads the customer's history exactly as
// /api/history answers the customer (the note, never the internal reason), read-only, and each view
// is audited; nobody else may look.
import { describe, expect, it } from 'vitest';
import { api, ledgerRows, signUp } from '../helpers';
import { auditRows, operator, setRole } from './support';

describe('viewing as the user', () => {
  it("shows the customer's own history, changes nothing, and audits the view", async () => {
    const [op, user] = [await operator(), await signUp()];
    await api(`/api/admin/users/${user.id}/adjustments`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: 300, reason: 'internal only', customerNote: 'Welcome back', idempotencyKey: 'v1' },
    });
    const ledgerBefore = await ledgerRows(user.id);
    const auditBefore = (await auditRows()).length;

    const res = await api(`/api/admin/users/${user.id}/as-user`, { cookie: op.cookie });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as { user: unknown; history: unknown };
    const own = await (await api('/api/history?limit=50', { cookie: user.cookie })).json();
    expect(seen).toEqual({ user: { id: user.id, email: user.email, credits: 300 }, history: own });
    expect(JSON.stringify(seen)).not.toContain('internal only');

    expect(await ledgerRows(user.id)).toEqual(ledgerBefore);
    const audit = await auditRows();
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toEqual({ actor: op.id, action: 'user.view_as', target: user.id, detail: '{}' });
  });

  it('anonymous 401, user 403, revoked operator 403, unknown user 404', async () => {
    const [user, op] = [await signUp(), await operator()];
    const path = `/api/admin/users/${user.id}/as-user`;
    expect((await api(path)).status).toBe(401);
    expect((await api(path, { cookie: user.cookie })).status).toBe(403);
    const unknown = await api('/api/admin/users/nobody/as-user', { cookie: op.cookie });
    expect(unknown.status).toBe(404);
    await setRole(op, 'user');
    expect((await api(path, { cookie: op.cookie })).status).toBe(403);
  });
});
