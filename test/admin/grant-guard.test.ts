// The guard against the double (issue 23, item 2): a grant naming a payment already credited or
// paid, or for a user with a session Stripe says is paid but we never credited, answers 409
// settle_instead naming the session (or invoice) and changes nothing, unless `force: true`.
import { describe, expect, it } from 'vitest';
import { type Account, api, expectLedgerConsistent, ledgerRows, signUp } from '../helpers';
import { checkoutRow } from '../stripe-helpers';
import { deliverOk, invoicePaid, subscriber } from '../subscriptions/support';
import { auditRows, creditedPurchase, lostWebhookPurchase, operator } from './support';

const grantAs = (op: Account, user: Account, body: Record<string, unknown>) =>
  api(`/api/admin/users/${user.id}/adjustments`, {
    method: 'POST',
    cookie: op.cookie,
    body: { amount: 1000, idempotencyKey: crypto.randomUUID(), ...body },
  });

async function expectSettleInstead(res: Response, fields: Record<string, string>) {
  expect(res.status).toBe(409);
  const { error } = (await res.json()) as { error: Record<string, string> };
  expect(error).toMatchObject({ code: 'settle_instead', ...fields });
  for (const id of Object.values(fields)) expect(error.message).toContain(id);
}

describe('the settle_instead guard on grants', () => {
  it('refuses a grant while the user has a paid but uncredited session, naming it; force grants anyway', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await lostWebhookPurchase(user);
    const auditBefore = (await auditRows()).length;

    const res = await grantAs(op, user, { reason: 'customer says she paid $10 and got nothing' });
    await expectSettleInstead(res, { sessionId });
    expect(await ledgerRows(user.id)).toEqual([]);
    expect(await auditRows()).toHaveLength(auditBefore);
    expect((await checkoutRow(sessionId))?.status).toBe('open');

    const forced = await grantAs(op, user, { reason: 'goodwill on top of the purchase', force: true });
    expect(forced.status).toBe(201);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    const audit = (await auditRows()).at(-1);
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ force: true, reason: 'goodwill on top of the purchase' });
  });

  it('refuses a grant whose reason or note names a credited session or its PaymentIntent', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await creditedPurchase(user);
    const paymentIntent = (await checkoutRow(sessionId))?.payment_intent ?? '';
    expect(paymentIntent).toMatch(/^pi_/);

    await expectSettleInstead(await grantAs(op, user, { reason: `lost webhook ${sessionId}` }), { sessionId });
    await expectSettleInstead(await grantAs(op, user, { reason: 'ticket 7', customerNote: `For ${paymentIntent}` }), {
      sessionId,
    });
    // Another user's grant naming it is refused too: the payment was credited, to whomever.
    const other = await signUp();
    await expectSettleInstead(await grantAs(op, other, { reason: `paid ${sessionId}` }), { sessionId });
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect(await ledgerRows(other.id)).toEqual([]);
  });

  it('refuses a grant naming a granted plan invoice, naming the invoice', async () => {
    const op = await operator();
    const s = await subscriber();
    const invoice = invoicePaid(s);
    await deliverOk(invoice);
    const invoiceId = invoice.data.object.id;
    await expectSettleInstead(await grantAs(op, s.user, { reason: `renewal ${invoiceId} missing` }), { invoiceId });
  });

  it('lets an ordinary grant through, and never guards a debit', async () => {
    const [op, user] = [await operator(), await signUp()];
    await lostWebhookPurchase(user);
    expect((await grantAs(op, user, { reason: 'x', force: true })).status).toBe(201);
    const debit = await grantAs(op, user, { amount: -10, reason: 'correction' });
    expect(debit.status).toBe(201);
    const clean = await signUp();
    expect((await grantAs(op, clean, { reason: 'beta tester bonus, not a payment' })).status).toBe(201);
    expect(await expectLedgerConsistent(clean.id)).toBe(1000);
  });
});
