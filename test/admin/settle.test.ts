// The lost-webhook ticket (issue 23, item 1): the console asks Stripe what it says of each purchase,
// and "Settle" credits a paid session through the one settlement path, once, whatever the webhook
// or the cron do afterwards; an unpaid session is a 409, an unreachable Stripe a 503 or a
// "could not be reached" report, never a 500.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { settlePurchase } from '../../worker/admin/settle';
import { userStripeStatus } from '../../worker/admin/stripe-status';
import { RECONCILE_CRON } from '../../worker/cron';
import { AppError } from '../../worker/errors';
import { ignoreCommits } from '../../worker/ledger/commit';
import { stripeClient } from '../../worker/stripe/client';
import { type Account, api, expectLedgerConsistent, ledgerRows, runScheduled, signUp, testDb } from '../helpers';
import { checkoutRow, deliver, emulator } from '../stripe-helpers';
import { auditRows, creditedPurchase, lostWebhookPurchase, operator } from './support';

const unreachable = () =>
  // Port 9 (discard) is closed here: the SDK's connection fails at once.
  stripeClient({ STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY, STRIPE_API_BASE: 'http://127.0.0.1:9' });

async function stripeSays(op: Account, user: Account) {
  const res = await api(`/api/admin/users/${user.id}/stripe`, { cookie: op.cookie });
  expect(res.status).toBe(200);
  return res.json();
}

async function runCron() {
  await runScheduled(RECONCILE_CRON);
}

describe('settling a purchase from the console', () => {
  it("shows Stripe's paid beside our open, credits once on Settle, and the webhook and cron add nothing", async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await lostWebhookPurchase(user);
    expect((await checkoutRow(sessionId))?.status).toBe('open');
    expect(await stripeSays(op, user)).toEqual({ reachable: true, purchases: { [sessionId]: 'paid' }, invoices: {} });

    const res = await api(`/api/admin/purchases/${sessionId}/settle`, { method: 'POST', cookie: op.cookie });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'credited', credits: 1000, balance: 1000 });
    const audit = (await auditRows()).filter((a) => a.action === 'purchase.settle');
    expect(audit).toEqual([
      {
        actor: op.id,
        action: 'purchase.settle',
        target: sessionId,
        detail: JSON.stringify({ userId: user.id, credits: 1000 }),
      },
    ]);

    // Later: the webhook finally arrives, the cron runs, the operator clicks again.
    const { events } = (await (await emulator('/_emulator/events?type=checkout.session.completed')).json()) as {
      events: { data: { object: { id: string } } }[];
    };
    const completed = events.find((e) => e.data.object.id === sessionId);
    expect((await deliver(completed)).status).toBe(200);
    await runCron();
    const again = await api(`/api/admin/purchases/${sessionId}/settle`, { method: 'POST', cookie: op.cookie });
    expect(await again.json()).toEqual({ status: 'credited', credits: 1000, balance: 1000 });

    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([['purchase', 1000]]);
    expect((await auditRows()).filter((a) => a.action === 'purchase.settle')).toHaveLength(1);
  });

  it('answers 409 session_not_paid for a session Stripe says is unpaid, and changes nothing', async () => {
    const [op, user] = [await operator(), await signUp()];
    const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const auditBefore = (await auditRows()).length;

    const res = await api(`/api/admin/purchases/${sessionId}/settle`, { method: 'POST', cookie: op.cookie });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: 'session_not_paid',
        message: 'Stripe says this session is not paid (status open, payment unpaid), so nothing was credited.',
      },
    });
    expect(await stripeSays(op, user)).toEqual({ reachable: true, purchases: { [sessionId]: 'unpaid' }, invoices: {} });
    expect(await ledgerRows(user.id)).toEqual([]);
    expect((await checkoutRow(sessionId))?.status).toBe('open');
    expect(await auditRows()).toHaveLength(auditBefore);
  });

  it('answers 404 purchase_not_found for a session that is not ours', async () => {
    const op = await operator();
    const res = await api('/api/admin/purchases/cs_test_nobody/settle', { method: 'POST', cookie: op.cookie });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'purchase_not_found', message: 'No such purchase.' } });
  });

  it('says refunded and disputed as Stripe does, after a refund and after a dispute', async () => {
    const [op, a, b] = [await operator(), await signUp(), await signUp()];
    const refunded = await creditedPurchase(a);
    const refund = await api(`/api/admin/purchases/${refunded}/refund`, {
      method: 'POST',
      cookie: op.cookie,
      body: { reason: 'asked', idempotencyKey: 'r1' },
    });
    expect(refund.status).toBe(202);
    expect(await stripeSays(op, a)).toMatchObject({ purchases: { [refunded]: 'refunded' } });

    const disputed = await creditedPurchase(b);
    const intent = (await checkoutRow(disputed))?.payment_intent;
    const pi = (await (await emulator(`/v1/payment_intents/${intent}`)).json()) as { latest_charge: string };
    const opened = await emulator(`/_emulator/charges/${pi.latest_charge}/dispute`, {
      method: 'POST',
      body: JSON.stringify({}),
    });
    expect(opened.status).toBe(200);
    expect(await stripeSays(op, b)).toMatchObject({ purchases: { [disputed]: 'disputed' } });
  });

  it('with Stripe unreachable: Settle is a 503 that credits nothing, the report says unreachable, search still works', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await lostWebhookPurchase(user);
    const failure = await settlePurchase(testDb(), ignoreCommits, unreachable(), op, sessionId).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ status: 503, code: 'stripe_unavailable' });
    expect(await ledgerRows(user.id)).toEqual([]);
    expect(await userStripeStatus(testDb(), unreachable(), user.id)).toEqual({ reachable: false });

    const found = await api(`/api/admin/users?query=${encodeURIComponent(sessionId)}`, { cookie: op.cookie });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { users: { id: string }[] }).users.map((u) => u.id)).toEqual([user.id]);
  });
});
