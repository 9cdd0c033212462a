// Refunding a plan payment from the console (issue 23, item 4): POST /api/admin/invoices/{id}/refund
// refunds through Stripe (202, audited once however often it is clicked); the allowance comes off
// once when charge.refunded arrives, through the plan's clawback path; the user page shows it.
import { describe, expect, it } from 'vitest';
import { api, balanceOf, expectLedgerConsistent, signUp } from '../helpers';
import { deliverNew, subscribedOnClock } from '../subscriptions/emulator-support';
import { invoiceRows } from '../subscriptions/support';
import { auditRows, operator, setRole } from './support';

describe('refunding a plan payment', () => {
  it('refunds through Stripe, claws the allowance back once, and the user page shows the clawback', async () => {
    const op = await operator();
    const c = await subscribedOnClock('pro');
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);
    const [invoice] = await invoiceRows(c.user.id);
    expect(invoice?.payment_intent).toMatch(/^pi_/);

    const body = { reason: 'charged by mistake', idempotencyKey: 'inv-1' };
    const path = `/api/admin/invoices/${invoice?.id}/refund`;
    const first = await api(path, { method: 'POST', cookie: op.cookie, body });
    expect(first.status).toBe(202);
    const { refundId } = (await first.json()) as { refundId: string };
    expect(refundId).toMatch(/^re_/);
    // A double click: Stripe's same refund, one audit row.
    expect(await (await api(path, { method: 'POST', cookie: op.cookie, body })).json()).toEqual({ refundId });
    expect((await auditRows()).filter((a) => a.action === 'invoice.refund')).toHaveLength(1);

    const fresh = await deliverNew(c.customer, c.seen);
    expect(fresh.map((e) => e.type)).toContain('charge.refunded');
    expect(await expectLedgerConsistent(c.user.id)).toBe(0);

    const picture = (await (await api(`/api/admin/users/${c.user.id}`, { cookie: op.cookie })).json()) as {
      subscription: { invoices: { id: string; granted: boolean; creditsClawed: number }[] };
    };
    expect(picture.subscription.invoices).toEqual([
      expect.objectContaining({ id: invoice?.id, granted: true, creditsClawed: 7_700 }),
    ]);
  });

  it('answers 404 invoice_not_found for an unknown invoice, changing nothing', async () => {
    const op = await operator();
    const res = await api('/api/admin/invoices/in_nobody/refund', {
      method: 'POST',
      cookie: op.cookie,
      body: { reason: 'x', idempotencyKey: 'k' },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'invoice_not_found', message: 'No such plan payment.' } });
  });

  it('anonymous 401, user 403, revoked operator 403: only an operator may refund a plan payment', async () => {
    const [user, op] = [await signUp(), await operator()];
    const call = (cookie?: string) =>
      api('/api/admin/invoices/in_any/refund', { method: 'POST', cookie, body: { reason: 'x', idempotencyKey: 'k' } });
    expect((await call()).status).toBe(401);
    expect((await call(user.cookie)).status).toBe(403);
    expect((await call(op.cookie)).status).toBe(404);
    await setRole(op, 'user');
    expect((await call(op.cookie)).status).toBe(403);
  });
});
