// GET /api/history as a statement (issue 24 item 4): a settled hold is one row costing what was captured,
// the Spend filter holds renders, a plan payment names its plan and amount; the CSV has the same rows and filter.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { insertApiKey, newApiKey } from '../worker/accounts/api-keys';
import { type Account, api, expectLedgerConsistent, grantCredits, ORIGIN, signUp, testDb } from './helpers';
import {
  chargeRefundedFor,
  deliverOk,
  invoicePaid,
  invoicePaymentPaid,
  stripeId,
  subscriber,
} from './subscriptions/support';

interface Row {
  id: number;
  kind: string;
  delta: number;
  balanceAfter: number;
  reference: string;
  invoice: Record<string, unknown> | null;
  hold: { id: string; reason: string; status: string; amount: number; captured: number } | null;
  job: { id: string; prompt: string; seconds: number; resolution: string } | null;
}

const history = async (user: Account, query = '') => {
  const res = await api(`/api/history${query}`, { cookie: user.cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { entries: Row[] }).entries;
};

const csvRows = async (user: Account, query = '') => {
  const res = await api(`/api/history/export.csv${query}`, { cookie: user.cookie });
  expect(res.status).toBe(200);
  return (await res.text()).split('\r\n').slice(1, -1);
};

const farmKey = async () => {
  const key = await newApiKey();
  await testDb().run(insertApiKey(key, `farm-${key.id}`));
  return key.secret;
};

const asFarm = (key: string, path: string, body: unknown) =>
  SELF.fetch(`${ORIGIN}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function render(user: Account, prompt: string) {
  const res = await api('/api/studio/jobs', {
    method: 'POST',
    cookie: user.cookie,
    body: { prompt, seconds: 10, resolution: '720p', idempotencyKey: crypto.randomUUID() },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { job: { id: string; holdId: string } }).job;
}

async function spend(user: Account, amount: number, reason: string) {
  const res = await api('/api/credits/spend', {
    method: 'POST',
    cookie: user.cookie,
    body: { amount, reason, idempotencyKey: crypto.randomUUID() },
  });
  expect(res.status).toBe(200);
}

describe('a hold is one row', () => {
  it('a captured render is one hold row costing what was captured, with its job; a failed one costs 0; no release rows', async () => {
    const user = await signUp();
    await grantCredits(user.id, 200);
    const key = await farmKey();
    const done = await render(user, 'a fox in snow'); // reserves 40
    expect((await asFarm(key, `/users/${user.id}/holds/${done.holdId}/capture`, { amount: 31 })).status).toBe(200);
    const failed = await render(user, 'a failed cat');
    expect((await asFarm(key, `/users/${user.id}/holds/${failed.holdId}/release`, {})).status).toBe(200);
    await spend(user, 5, 'thumbnail');
    const running = await render(user, 'still rendering');

    const rows = await history(user);
    expect(rows.map((r) => [r.kind, r.delta, r.balanceAfter, r.hold?.status ?? null])).toEqual([
      ['hold', -40, 124, 'active'],
      ['spend', -5, 164, null],
      ['hold', 0, 169, 'released'],
      ['hold', -31, 169, 'captured'],
      ['grant', 200, 200, null],
    ]);
    expect(rows[3]).toMatchObject({
      hold: { id: done.holdId, status: 'captured', amount: 40, captured: 31 },
      job: { id: done.id, prompt: 'a fox in snow', seconds: 10, resolution: '720p' },
    });
    expect(rows[2]).toMatchObject({ hold: { id: failed.holdId, amount: 40, captured: 0 }, job: { id: failed.id } });
    expect(rows[0]).toMatchObject({ hold: { id: running.holdId, amount: 40, captured: 0 }, job: { id: running.id } });
    // The statement adds up: its deltas sum to the balance.
    expect(rows.reduce((sum, r) => sum + r.delta, 0)).toBe(await expectLedgerConsistent(user.id));

    expect(await history(user, '?kind=release')).toEqual([]);
    expect((await history(user, '?kind=hold')).map((r) => r.delta)).toEqual([-40, 0, -31]);
    // Spend: what the credits went on, renders included.
    expect((await history(user, '?kind=spend')).map((r) => [r.kind, r.delta])).toEqual([
      ['hold', -40],
      ['spend', -5],
      ['hold', 0],
      ['hold', -31],
    ]);
  });

  it('a hold settled later than other entries moves to where it settled, and pages never show it twice', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const held = await api('/api/credits/holds', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 50, reason: 'upscale job', idempotencyKey: crypto.randomUUID() },
    });
    const holdId = ((await held.json()) as { hold: { id: string } }).hold.id;
    await spend(user, 1, 'a');
    await spend(user, 2, 'b');
    const captured = await api(`/api/credits/holds/${holdId}/capture`, {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 20 },
    });
    expect(captured.status).toBe(200);
    const first = await api('/api/history?limit=2', { cookie: user.cookie });
    const page1 = (await first.json()) as { entries: Row[]; nextCursor: string };
    const page2 = await history(user, `?limit=2&cursor=${page1.nextCursor}`);
    expect([...page1.entries, ...page2].map((r) => [r.kind, r.delta, r.reference])).toEqual([
      ['hold', -20, 'upscale job'],
      ['spend', -2, 'b'],
      ['spend', -1, 'a'],
      ['grant', 100, 'test grant'],
    ]);
  });
});

describe('plan payments', () => {
  it('the grant names the plan and what was paid with its invoice link; a refund of it names the invoice too', async () => {
    const s = await subscriber('studio');
    const first = invoicePaid(s, { n: 1 });
    const renewal = invoicePaid(s, { n: 2 });
    const pi = stripeId('pi');
    await deliverOk(first);
    await deliverOk(renewal); // carries 10,000 of the first month over (a `subscription` entry of its own)
    await deliverOk(invoicePaymentPaid(renewal.data.object.id, pi, 6_900));
    await deliverOk(chargeRefundedFor(pi, 6_900, 6_900));

    const rows = await history(s.user);
    const invoice = (id: string) => ({
      id,
      planId: 'studio',
      planName: 'Max',
      amount: 6_900,
      currency: 'usd',
      hostedInvoiceUrl: `/api/history/invoices/${id}`,
    });
    expect(rows.map((r) => [r.kind, r.delta, r.invoice])).toEqual([
      ['refund', -20_000, invoice(renewal.data.object.id)],
      ['subscription', 20_000, invoice(renewal.data.object.id)],
      ['expire', -20_000, null], // the first month's lot ends; its carried part lives on
      ['subscription', 10_000, null], // the rollover: not a payment
      ['subscription', 20_000, invoice(first.data.object.id)],
    ]);

    const csv = await csvRows(s.user, '?kind=subscription');
    expect(csv.map((line) => line.replace(/^[^,]+,/, ''))).toEqual([
      `subscription,Max plan,20000,30000,69.00,USD,${renewal.data.object.id}`,
      `subscription,Plan credits carried over,10000,30000,,,${renewal.data.object.id}`,
      `subscription,Max plan,20000,20000,69.00,USD,${first.data.object.id}`,
    ]);
  });

  it("the invoice link is 404 for another user's invoice, an unknown one and a malformed id, and needs a session", async () => {
    const s = await subscriber('pro');
    await deliverOk(invoicePaid(s, { n: 1 }));
    const [grant] = await history(s.user);
    const href = grant!.invoice!.hostedInvoiceUrl as string;
    const other = await signUp();
    const notFound = { error: { code: 'invoice_not_found', message: 'No invoice for this payment.' } };
    for (const [path, cookie] of [
      [href, other.cookie],
      ['/api/history/invoices/in_nothing', s.user.cookie],
      ['/api/history/invoices/not-an-invoice', s.user.cookie],
    ] as const) {
      const res = await api(path, { cookie });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual(notFound);
    }
    expect((await api(href)).status).toBe(401);
  });
});

describe('GET /api/history/export.csv?kind=', () => {
  it('exports the rows the page shows, with its filter; a bad kind is 400', async () => {
    const user = await signUp();
    await grantCredits(user.id, 200);
    const key = await farmKey();
    const job = await render(user, 'a fox in snow');
    expect((await asFarm(key, `/users/${user.id}/holds/${job.holdId}/capture`, { amount: 31 })).status).toBe(200);
    await spend(user, 5, 'thumbnail');

    const all = await csvRows(user);
    expect(all.map((line) => line.split(',').slice(1, 5).join(','))).toEqual([
      'spend,thumbnail,-5,164',
      'hold,Video · 10 s 720p · a fox in snow (settled),-31,169',
      'grant,test grant,200,200',
    ]);
    expect(await csvRows(user, '?kind=spend')).toEqual(all.slice(0, 2));
    expect(await csvRows(user, '?kind=grant')).toEqual(all.slice(2));
    const bad = await api('/api/history/export.csv?kind=gift', { cookie: user.cookie });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'invalid_request', message: 'kind: is not a ledger kind' } });
  });
});
