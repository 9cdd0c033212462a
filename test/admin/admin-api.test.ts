// The operator console's API (API.md "Operator console"): who may call it, what each action does
// to the ledger, and the audit row every change leaves (and no read does).
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  type Account,
  api,
  expectLedgerConsistent,
  grantCredits,
  ledgerRows,
  lotsOf,
  ORIGIN,
  signUp,
} from '../helpers';
import { connect } from '../live-socket';
import { checkoutRow, deliver, emulator } from '../stripe-helpers';
import { auditRows, creditedPurchase, operator, setRole } from './support';

function routes(target: Account, sessionId: string): [string, string, unknown?][] {
  return [
    ['GET', `/api/admin/users?query=${encodeURIComponent(target.email.slice(0, 6))}`],
    ['GET', `/api/admin/users/${target.id}`],
    [
      'POST',
      `/api/admin/users/${target.id}/adjustments`,
      { amount: 5, reason: 'outage', idempotencyKey: crypto.randomUUID() },
    ],
    [
      'POST',
      `/api/admin/purchases/${sessionId}/refund`,
      { amount: 100, reason: 'asked', idempotencyKey: crypto.randomUUID() },
    ],
    ['GET', `/api/admin/users/${target.id}/stripe`],
    ['POST', `/api/admin/purchases/${sessionId}/settle`],
    ['GET', '/api/admin/events'],
    ['GET', '/api/admin/keys'],
    ['POST', '/api/admin/keys', { name: `k-${crypto.randomUUID().slice(0, 8)}` }],
    ['GET', '/api/admin/audit'],
    ['GET', '/api/admin/reconciliation'],
  ];
}

describe('who may call the admin API', () => {
  it('anonymous 401, user 403, operator 2xx, revoked operator 403 — on every route', async () => {
    const target = await signUp();
    const sessionId = await creditedPurchase(target);
    const [user, op] = [await signUp(), await operator()];
    const call = (cookie: string | undefined, [method, path, body]: [string, string, unknown?]) =>
      api(path, { method, body, cookie });

    for (const route of routes(target, sessionId)) {
      const anonymous = await call(undefined, route);
      expect(anonymous.status, `${route[1]} anonymous`).toBe(401);
      const asUser = await call(user.cookie, route);
      expect(asUser.status, `${route[1]} user`).toBe(403);
      expect(await asUser.json()).toEqual({ error: { code: 'forbidden', message: 'This needs an operator account.' } });
    }
    const okStatuses = [];
    for (const route of routes(target, sessionId)) okStatuses.push((await call(op.cookie, route)).status);
    expect(okStatuses).toEqual([200, 200, 201, 202, 200, 200, 200, 200, 201, 200, 200]);

    // Revoked while signed in: the very next request is refused.
    await setRole(op, 'user');
    for (const route of routes(target, sessionId)) expect((await call(op.cookie, route)).status).toBe(403);
    // DELETE too.
    expect((await api('/api/admin/keys/key_x', { method: 'DELETE', cookie: op.cookie })).status).toBe(403);
  });

  it("only an operator may watch another user's balance", async () => {
    const [user, target] = [await signUp(), await signUp()];
    const res = await SELF.fetch(`${ORIGIN}/api/admin/users/${target.id}/live`, {
      headers: { upgrade: 'websocket', cookie: user.cookie, origin: ORIGIN },
    });
    expect(res.status).toBe(403);
  });

  it('refuses a cross-origin POST or DELETE from an operator, changing nothing', async () => {
    const [op, target] = [await operator(), await signUp()];
    const before = (await auditRows()).length;
    const res = await api(`/api/admin/users/${target.id}/adjustments`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: 5, reason: 'x', idempotencyKey: 'k' },
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    const del = await api('/api/admin/keys/key_x', {
      method: 'DELETE',
      cookie: op.cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(del.status).toBe(403);
    expect(await ledgerRows(target.id)).toEqual([]);
    expect(await auditRows()).toHaveLength(before);
  });
});

describe('adjustments', () => {
  it('a grant opens a lot (with expiry), shows the customer its note, is audited once and pushed; a double click does one thing', async () => {
    const [op, target] = [await operator(), await signUp()];
    const own = await connect(target);
    const watching = await connect(op, {}, `/api/admin/users/${target.id}/live`);
    await Promise.all([own.waitFor(1), watching.waitFor(1)]);
    const expiresAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const body = {
      amount: 500,
      reason: 'outage compensation',
      customerNote: 'Sorry about the outage',
      idempotencyKey: 'click-1',
      expiresAt,
    };
    const first = await api(`/api/admin/users/${target.id}/adjustments`, { method: 'POST', cookie: op.cookie, body });
    expect(first.status).toBe(201);
    const answer = await first.json();
    expect(answer).toMatchObject({
      credits: 500,
      entry: { kind: 'grant', delta: 500, balanceAfter: 500, reference: 'Sorry about the outage' },
    });
    const second = await api(`/api/admin/users/${target.id}/adjustments`, { method: 'POST', cookie: op.cookie, body });
    expect(await second.json()).toEqual(answer);
    expect(await lotsOf(target.id)).toMatchObject([
      { source: 'grant', amount: 500, remaining: 500, expires_at: Date.parse(expiresAt) },
    ]);
    const audit = (await auditRows()).filter((r) => r.target === target.id);
    expect(audit).toEqual([
      {
        actor: op.id,
        action: 'credits.grant',
        target: target.id,
        detail: JSON.stringify({
          amount: 500,
          reason: 'outage compensation',
          customerNote: 'Sorry about the outage',
          expiresAt: Date.parse(expiresAt),
          force: false,
          entryKey: 'grant:admin:click-1',
        }),
      },
    ]);
    const me = await (await api('/api/auth/me', { cookie: target.cookie })).json();
    expect(me).toMatchObject({ credits: 500, expiring: { credits: 500, at: expiresAt } });
    expect(await expectLedgerConsistent(target.id)).toBe(500);
    // Pushed to the user's tab and to the operator watching them, once.
    for (const socket of [own, watching]) {
      expect((await socket.waitFor(2)).at(-1)).toEqual({
        type: 'balance',
        credits: 500,
        held: 0,
        expiring: { credits: 500, at: expiresAt },
        version: 1,
        change: { kind: 'grant', delta: 500, reference: 'Sorry about the outage' },
      });
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(own.messages()).toHaveLength(2);
  });

  it('a debit draws lots in order; one below zero is refused with 402 and writes nothing', async () => {
    const [op, target] = [await operator(), await signUp()];
    await grantCredits(target.id, 100);
    const ok = await api(`/api/admin/users/${target.id}/adjustments`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: -60, reason: 'duplicate grant', idempotencyKey: 'd1' },
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ credits: 40, entry: { kind: 'adjustment', delta: -60 } });
    const auditBefore = (await auditRows()).length;
    const rowsBefore = await ledgerRows(target.id);
    const tooMuch = await api(`/api/admin/users/${target.id}/adjustments`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: -41, reason: 'too much', idempotencyKey: 'd2' },
    });
    expect(tooMuch.status).toBe(402);
    expect(((await tooMuch.json()) as { error: { code: string } }).error.code).toBe('insufficient_credits');
    expect(await ledgerRows(target.id)).toEqual(rowsBefore);
    expect(await auditRows()).toHaveLength(auditBefore);
    expect(await expectLedgerConsistent(target.id)).toBe(40);
  });

  it('refuses 0, over 1,000,000, no reason, and an unknown user', async () => {
    const [op, target] = [await operator(), await signUp()];
    for (const body of [
      { amount: 0, reason: 'r', idempotencyKey: 'k' },
      { amount: 1_000_001, reason: 'r', idempotencyKey: 'k' },
      { amount: -1_000_001, reason: 'r', idempotencyKey: 'k' },
      { amount: 5, reason: ' ', idempotencyKey: 'k' },
      { amount: 5, idempotencyKey: 'k' },
    ]) {
      const res = await api(`/api/admin/users/${target.id}/adjustments`, { method: 'POST', cookie: op.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await api('/api/admin/users/nobody/adjustments', {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: 5, reason: 'r', idempotencyKey: 'k' },
    });
    expect(unknown.status).toBe(404);
    expect(await ledgerRows(target.id)).toEqual([]);
  });
});

describe('refunds through Stripe', () => {
  async function refundEvent(paymentIntent: string) {
    const { events } = (await (await emulator('/_emulator/events?type=charge.refunded')).json()) as {
      events: { data: { object: { payment_intent: string } } }[];
    };
    return events.find((e) => e.data.object.payment_intent === paymentIntent);
  }

  it('refunds in Stripe; the webhook claws back once, however often it arrives or the button is pressed', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await creditedPurchase(user);
    const body = { amount: 500, reason: 'customer asked', idempotencyKey: 'refund-click' };
    const first = await api(`/api/admin/purchases/${sessionId}/refund`, { method: 'POST', cookie: op.cookie, body });
    expect(first.status).toBe(202);
    const { refundId } = (await first.json()) as { refundId: string };
    expect(refundId).toMatch(/^re_/);
    // Nothing moves until Stripe tells us.
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    const pi = (await checkoutRow(sessionId))?.payment_intent ?? '';
    const evt = await refundEvent(pi);
    expect(evt).toBeDefined();
    await deliver(evt);
    await deliver(evt);
    // The double click after the webhook: Stripe answers the same refund, nothing else happens.
    const again = await api(`/api/admin/purchases/${sessionId}/refund`, { method: 'POST', cookie: op.cookie, body });
    expect(await again.json()).toEqual({ refundId });
    expect(await expectLedgerConsistent(user.id)).toBe(500);
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['purchase', 1000],
      ['refund', -500],
    ]);
    expect((await auditRows()).filter((r) => r.target === sessionId).map((r) => r.action)).toEqual(['purchase.refund']);
  });

  it('answers 409 when nothing is left to refund and 404 for an unknown purchase', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await creditedPurchase(user);
    const tooMuch = await api(`/api/admin/purchases/${sessionId}/refund`, {
      method: 'POST',
      cookie: op.cookie,
      body: { amount: 1001, reason: 'r', idempotencyKey: 'k' },
    });
    expect(tooMuch.status).toBe(409);
    const unknown = await api('/api/admin/purchases/cs_test_nope/refund', {
      method: 'POST',
      cookie: op.cookie,
      body: { reason: 'r', idempotencyKey: 'k' },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('the audit log', () => {
  it('records keys made and revoked, shows the secret once, and nothing for reads', async () => {
    const op = await operator();
    const before = (await auditRows()).length;
    await api('/api/admin/keys', { cookie: op.cookie });
    await api('/api/admin/audit', { cookie: op.cookie });
    await api('/api/admin/events', { cookie: op.cookie });
    expect(await auditRows()).toHaveLength(before);
    const made = await api('/api/admin/keys', { method: 'POST', cookie: op.cookie, body: { name: 'render farm' } });
    expect(made.status).toBe(201);
    const { key, secret } = (await made.json()) as { key: { id: string; name: string }; secret: string };
    expect(secret).toMatch(/^cck_/);
    const listed = (await (await api('/api/admin/keys', { cookie: op.cookie })).json()) as { keys: unknown[] };
    expect(JSON.stringify(listed)).not.toContain(secret);
    const taken = await api('/api/admin/keys', { method: 'POST', cookie: op.cookie, body: { name: 'render farm' } });
    expect(taken.status).toBe(409);
    expect((await api(`/api/admin/keys/${key.id}`, { method: 'DELETE', cookie: op.cookie })).status).toBe(204);
    expect((await api(`/api/admin/keys/${key.id}`, { method: 'DELETE', cookie: op.cookie })).status).toBe(404);
    const page = (await (await api('/api/admin/audit', { cookie: op.cookie })).json()) as {
      entries: { actor: string; actorEmail: string; action: string; target: string }[];
    };
    expect(page.entries.slice(0, 2)).toMatchObject([
      { actor: op.id, actorEmail: op.email, action: 'key.revoke', target: key.id },
      { actor: op.id, actorEmail: op.email, action: 'key.create', target: key.id },
    ]);
  });

  it('refuses updates and deletes in the database', async () => {
    const op = await operator();
    await api('/api/admin/keys', { method: 'POST', cookie: op.cookie, body: { name: 'immutable' } });
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'x'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
  });
});

describe('reconciliation', () => {
  it('finds a paid session that was never credited, and a credit whose amount disagrees', async () => {
    const [op, user] = [await operator(), await signUp()];
    // Paid in Stripe, never fulfilled here.
    const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'creator' } });
    const { sessionId: missing } = (await created.json()) as { sessionId: string };
    await emulator(`/_emulator/checkout/sessions/${missing}/pay`, {
      method: 'POST',
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    // Credited, but our row claims a different price than Stripe charged (a planted mismatch).
    const mismatched = await creditedPurchase(user);
    await env.DB.prepare('UPDATE checkout_sessions SET amount = 999 WHERE id = ?').bind(mismatched).run();

    const report = (await (await api('/api/admin/reconciliation', { cookie: op.cookie })).json()) as {
      paidNotCredited: { sessionId: string }[];
      mismatched: { sessionId: string; stripe: { amount: number }; ours: { amount: number } }[];
    };
    expect(report.paidNotCredited.map((i) => i.sessionId)).toContain(missing);
    expect(report.mismatched.find((i) => i.sessionId === mismatched)).toMatchObject({
      stripe: { amount: 1000 },
      ours: { amount: 999 },
    });
  });
});
