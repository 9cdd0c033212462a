// A lost `invoice.paid` (a renewal has no Checkout Session for anyone to ask about) loses nothing:
// the console's reconciliation lists the paid invoice the ledger lacks, the cron grants it once,
// and the operator's picture of the user shows the subscription and its invoices.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { RECONCILE_CRON } from '../../worker/cron';
import { api, balanceOf, expectLedgerConsistent, runScheduled, signUp } from '../helpers';
import { advance, DAY_S, eventsFor, subscribedOnClock } from './emulator-support';
import { invoiceRows } from './support';

async function operatorCookie() {
  const op = await signUp();
  await env.DB.prepare("UPDATE users SET role = 'operator' WHERE id = ?").bind(op.id).run();
  return op.cookie;
}

async function runCron() {
  await runScheduled(RECONCILE_CRON);
}

describe('reconciliation of subscription invoices', () => {
  it('lists a renewal whose invoice.paid was lost; the cron grants it once; the picture shows it', async () => {
    const c = await subscribedOnClock('pro');
    await advance(c.clock, c.frozenTime + 32 * DAY_S);
    // The renewal's events are never delivered.
    const renewal = (await eventsFor(c.customer)).find((e) => e.type === 'invoice.paid' && !c.seen.has(e.id))!;
    const cookie = await operatorCookie();

    const before = (await (await api('/api/admin/reconciliation', { cookie })).json()) as {
      invoices: { paidNotGranted: { invoiceId: string; granted: number | null; amountPaid: number }[] };
    };
    expect(before.invoices.paidNotGranted).toContainEqual(
      expect.objectContaining({ invoiceId: renewal.data.object.id, granted: null, amountPaid: 2_900 }),
    );

    await runCron();
    await runCron();
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);
    expect((await invoiceRows(c.user.id)).map((r) => r.entry_id !== null)).toEqual([true, true]);
    const after = (await (await api('/api/admin/reconciliation', { cookie })).json()) as typeof before;
    expect(after.invoices.paidNotGranted.map((i) => i.invoiceId)).not.toContain(renewal.data.object.id);

    const picture = (await (await api(`/api/admin/users/${c.user.id}`, { cookie })).json()) as {
      subscription: { id: string; planId: string; invoices: { id: string; granted: boolean; credits: number }[] };
    };
    expect(picture.subscription).toMatchObject({ id: c.subscriptionId, planId: 'pro' });
    expect(picture.subscription.invoices.map((i) => [i.granted, i.credits])).toEqual([
      [true, 7_700],
      [true, 7_700],
    ]);
    expect(picture.subscription.invoices[0]!.id).toBe(renewal.data.object.id);
    await expectLedgerConsistent(c.user.id);
  });
});
