// The whole lifecycle against the real Stripe emulator: subscribe through the routes, the
// emulator's events delivered signed (racing the success page's status call and the cron),
// renewals by test clock (one period, three at once), a failed renewal paid on retry, a refund of
// a renewal, cancel at period end, a plan switch, and the billing portal.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { RECONCILE_CRON } from '../../worker/cron';
import { api, balanceOf, expectLedgerConsistent, ledgerRows, runScheduled, signUp } from '../helpers';
import { connect } from '../live-socket';
import { emulator } from '../stripe-helpers';
import {
  advance,
  customerOf,
  DAY_S,
  deliverNew,
  eventsFor,
  pay,
  startSubscription,
  stripe,
  subscribedOnClock,
} from './emulator-support';
import { deliverOk, invoiceRows, lotsBySource } from './support';

const status = async (cookie: string, sessionId: string) =>
  (await (await api(`/api/checkout/${sessionId}`, { cookie })).json()) as Record<string, unknown>;
const subscriptionView = async (cookie: string) =>
  ((await (await api('/api/subscription', { cookie })).json()) as { subscription: Record<string, unknown> | null })
    .subscription;

async function runCron() {
  await runScheduled(RECONCILE_CRON);
}

describe('subscribing through Checkout', () => {
  it('credits the allowance once when the webhook, the success page and the cron race', async () => {
    const user = await signUp();
    const { sessionId, url } = await startSubscription(user, 'pro');
    expect(url).toBe(`${env.STRIPE_API_BASE}/c/pay/${sessionId}`);
    const customer = await customerOf(user.id);
    expect(await stripe().checkout.sessions.retrieve(sessionId)).toMatchObject({
      mode: 'subscription',
      customer,
      client_reference_id: user.id,
      metadata: { userId: user.id, planId: 'pro' },
      success_url: `${env.APP_ORIGIN}/en/payment/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${env.APP_ORIGIN}/en/payment/cancel?session_id={CHECKOUT_SESSION_ID}`,
    });
    expect(await status(user.cookie, sessionId)).toMatchObject({ status: 'open', credits: 7_700, balance: 0 });

    const socket = await connect(user);
    await socket.waitFor(1);
    await pay(sessionId, { deliverWebhooks: false });
    const events = await eventsFor(customer);
    const session = await stripe().checkout.sessions.retrieve(sessionId);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['invoice.paid', 'checkout.session.completed']));
    // Every event twice, the status call twice and the cron, all at once.
    await Promise.all([
      ...events.map((e) => deliverOk(e)),
      ...events.map((e) => deliverOk(e)),
      status(user.cookie, sessionId),
      status(user.cookie, sessionId),
      runCron(),
    ]);

    const answer = await status(user.cookie, sessionId);
    expect(answer).toEqual({
      sessionId,
      status: 'credited',
      credits: 7_700,
      balance: 7_700,
      creditedAt: expect.any(String),
    });
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([['subscription', 7_700]]);
    // A reloaded success page says when: the time of the first invoice's grant.
    const grant = await env.DB.prepare(
      "SELECT created_at FROM ledger_entries WHERE user_id = ? AND kind = 'subscription'",
    )
      .bind(user.id)
      .first<{ created_at: number }>();
    expect(answer.creditedAt).toBe(new Date(grant?.created_at ?? 0).toISOString());
    expect(await subscriptionView(user.cookie)).toMatchObject({
      id: session.subscription,
      planId: 'pro',
      status: 'active',
      cancelAtPeriodEnd: false,
    });
    await socket.waitFor(2);
    expect(socket.messages().at(-1)).toMatchObject({ credits: 7_700, change: { kind: 'subscription' } });
    socket.ws.close();
    await expectLedgerConsistent(user.id);
  });

  it('the success page grants by itself when no webhook comes', async () => {
    const user = await signUp();
    const { sessionId } = await startSubscription(user, 'studio');
    await pay(sessionId, { deliverWebhooks: false });
    expect(await status(user.cookie, sessionId)).toMatchObject({
      status: 'credited',
      credits: 20_000,
      balance: 20_000,
    });
    expect(await subscriptionView(user.cookie)).toMatchObject({ planId: 'studio', status: 'active' });
  });

  it('409 already_subscribed while a subscription is live; the portal opens for the customer', async () => {
    const { user } = await subscribedOnClock('pro');
    const again = await api('/api/subscriptions/checkout', {
      method: 'POST',
      cookie: user.cookie,
      body: { planId: 'studio' },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({
      error: { code: 'already_subscribed', message: expect.stringContaining('already have a subscription') },
    });
    const portal = await api('/api/billing/portal', { method: 'POST', cookie: user.cookie });
    expect(portal.status).toBe(201);
    const { url } = (await portal.json()) as { url: string };
    expect(url.startsWith(`${env.STRIPE_API_BASE}/p/session/`)).toBe(true);
    // The emulator hosts the portal page a person would use.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

describe('renewals on a test clock', () => {
  it('one period: the old allowance expires, the new one is granted and pushed live', async () => {
    const c = await subscribedOnClock('pro');
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);
    const socket = await connect(c.user);
    await socket.waitFor(1);
    await advance(c.clock, c.frozenTime + 32 * DAY_S);
    const fresh = await deliverNew(c.customer, c.seen);
    expect(fresh.map((e) => e.type)).toContain('invoice.paid');

    const sub = await stripe().subscriptions.retrieve(c.subscriptionId);
    const end = sub.items.data[0]!.current_period_end;
    const lots = await lotsBySource(c.user.id, 'subscription');
    expect(lots.map((l) => [l.remaining, l.expires_at])).toEqual([
      [0, sub.items.data[0]!.current_period_start * 1000],
      [7_700, end * 1000],
    ]);
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);
    const last = (await socket.waitFor(2)).at(-1);
    expect(last).toMatchObject({ credits: 7_700, change: { kind: 'subscription', delta: 7_700 } });
    expect(await subscriptionView(c.user.cookie)).toMatchObject({
      currentPeriodEnd: new Date(end * 1000).toISOString(),
    });
    socket.ws.close();
    await expectLedgerConsistent(c.user.id);
  });

  it('three periods at once: three more invoices, each its own lot, only the newest holds credit', async () => {
    const c = await subscribedOnClock('pro');
    await advance(c.clock, c.frozenTime + 92 * DAY_S);
    await deliverNew(c.customer, c.seen);
    const rows = await invoiceRows(c.user.id);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.period_end)).size).toBe(4);
    const lots = await lotsBySource(c.user.id, 'subscription');
    expect(lots.map((l) => l.remaining)).toEqual([0, 0, 0, 7_700]);
    expect(lots.map((l) => l.expires_at)).toEqual(rows.map((r) => r.period_end));
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);
    await expectLedgerConsistent(c.user.id);
  });

  it('a failed renewal (card 0341): past_due, nothing granted; paid on retry, it grants', async () => {
    const c = await subscribedOnClock('pro');
    const card = await emulator(`/_emulator/customers/${c.customer}/card`, {
      method: 'POST',
      body: JSON.stringify({ card: '4000000000000341' }),
    });
    expect(card.status).toBe(200);
    await advance(c.clock, c.frozenTime + 32 * DAY_S);
    const fresh = await deliverNew(c.customer, c.seen);
    expect(fresh.map((e) => e.type)).toContain('invoice.payment_failed');
    expect(await subscriptionView(c.user.cookie)).toMatchObject({ status: 'past_due' });
    expect(await invoiceRows(c.user.id)).toHaveLength(1);

    await emulator(`/_emulator/customers/${c.customer}/card`, {
      method: 'POST',
      body: JSON.stringify({ card: '4242424242424242' }),
    });
    const failed = fresh.find((e) => e.type === 'invoice.payment_failed')!.data.object.id;
    await stripe().invoices.pay(failed);
    await deliverNew(c.customer, c.seen);
    expect(await subscriptionView(c.user.cookie)).toMatchObject({ status: 'active' });
    expect(await invoiceRows(c.user.id)).toHaveLength(2);
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);
    await expectLedgerConsistent(c.user.id);
  });

  it('a refund of the renewal claws back that allowance only, found through invoice_payments', async () => {
    const c = await subscribedOnClock('pro');
    await advance(c.clock, c.frozenTime + 32 * DAY_S);
    const fresh = await deliverNew(c.customer, c.seen);
    const renewal = fresh.find((e) => e.type === 'invoice.paid')!.data.object.id;
    const [payment] = (await stripe().invoicePayments.list({ invoice: renewal })).data;
    const pi = payment!.payment.payment_intent as string;
    // Forget what invoice_payment.paid taught us, so the Worker must ask Stripe which invoice it was.
    await env.DB.prepare('DELETE FROM invoice_payments WHERE payment_intent = ?').bind(pi).run();
    await env.DB.prepare('UPDATE subscription_invoices SET payment_intent = NULL WHERE id = ?').bind(renewal).run();

    await stripe().refunds.create({ payment_intent: pi });
    await deliverNew(c.customer, c.seen);
    expect((await balanceOf(c.user.id)).credits).toBe(0);
    expect((await ledgerRows(c.user.id)).at(-1)).toMatchObject({ kind: 'refund', delta: -7_700, reference: renewal });
    await expectLedgerConsistent(c.user.id);
  });

  it('cancel at period end: no renewal after it, status canceled', async () => {
    const c = await subscribedOnClock('pro');
    await stripe().subscriptions.update(c.subscriptionId, { cancel_at_period_end: true });
    await deliverNew(c.customer, c.seen);
    expect(await subscriptionView(c.user.cookie)).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
    await advance(c.clock, c.frozenTime + 65 * DAY_S);
    const fresh = await deliverNew(c.customer, c.seen);
    expect(fresh.map((e) => e.type)).toContain('customer.subscription.deleted');
    expect(fresh.map((e) => e.type)).not.toContain('invoice.paid');
    expect(await subscriptionView(c.user.cookie)).toMatchObject({ status: 'canceled' });
    expect(await invoiceRows(c.user.id)).toHaveLength(1);
  });

  it('a plan switch: this period keeps pro, the next renewal grants studio', async () => {
    const c = await subscribedOnClock('pro');
    const sub = await stripe().subscriptions.retrieve(c.subscriptionId);
    await stripe().subscriptions.update(c.subscriptionId, {
      items: [
        {
          id: sub.items.data[0]!.id,
          price_data: {
            currency: 'usd',
            product: 'cc_plan_studio',
            unit_amount: 6_900,
            recurring: { interval: 'month' },
          },
        },
      ],
    });
    await deliverNew(c.customer, c.seen);
    expect(await subscriptionView(c.user.cookie)).toMatchObject({ planId: 'studio' });
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);
    await advance(c.clock, c.frozenTime + 32 * DAY_S);
    await deliverNew(c.customer, c.seen);
    expect((await invoiceRows(c.user.id)).map((r) => [r.plan_id, r.credits])).toEqual([
      ['pro', 7_700],
      ['studio', 20_000],
    ]);
    // Studio's 20,000 plus pro's unused 7,700 carried under studio's cap.
    expect((await balanceOf(c.user.id)).credits).toBe(27_700);
    await expectLedgerConsistent(c.user.id);
  });
});
