// GET /api/history (rows say what they were; paged, filtered, only the user's own), its CSV export,
// GET /api/receipts/{id}, GET /api/config, and the credited time on GET /api/checkout/{id}.
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { historyCsv } from '../worker/history/export';
import { type Account, api, grantCredits, ORIGIN, signUp, testDb } from './helpers';
import { completed, deliver, emulator, seedCheckout } from './stripe-helpers';

interface Row {
  id: number;
  kind: string;
  delta: number;
  balanceAfter: number;
  reference: string;
  purchase: { sessionId: string; packId: string; packName: string; amount: number; currency: string } | null;
  hold: { id: string; reason: string; status: string } | null;
  job: { id: string; prompt: string } | null;
}
interface Page {
  entries: Row[];
  nextCursor: string | null;
}

const history = async (user: Account, query = '') => {
  const res = await api(`/api/history${query}`, { cookie: user.cookie });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

const spend = async (user: Account, amount: number, reason: string) => {
  const res = await api('/api/credits/spend', {
    method: 'POST',
    cookie: user.cookie,
    body: { amount, reason, idempotencyKey: crypto.randomUUID() },
  });
  expect(res.status).toBe(200);
};

/** Credits a Starter purchase through the signed webhook, as Stripe would. */
async function buyStarter(user: Account) {
  const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
  expect((await deliver(completed(checkout))).status).toBe(200);
  return checkout;
}

const errorOf = async (res: Response) => ({ status: res.status, body: await res.json() });

describe('GET /api/history', () => {
  it('needs a session', async () => {
    expect(await errorOf(await api('/api/history'))).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'Sign in to continue.' } },
    });
  });

  it('says what each row was: the pack and price of a purchase, the reason of a spend, the hold of a reservation', async () => {
    const user = await signUp();
    const checkout = await buyStarter(user);
    await spend(user, 30, 'thumbnail pack');
    const held = await api('/api/credits/holds', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 50, reason: 'upscale job', idempotencyKey: crypto.randomUUID() },
    });
    expect(held.status).toBe(201);
    const holdId = ((await held.json()) as { hold: { id: string } }).hold.id;
    expect((await api(`/api/credits/holds/${holdId}/release`, { method: 'POST', cookie: user.cookie })).status).toBe(
      200,
    );

    const { entries, nextCursor } = await history(user);
    expect(nextCursor).toBeNull();
    // The released hold is one row where it settled, costing nothing (history-statement.test.ts has more).
    expect(entries.map((e) => [e.kind, e.delta, e.balanceAfter])).toEqual([
      ['hold', 0, 970],
      ['spend', -30, 970],
      ['purchase', 1000, 1000],
    ]);
    expect(entries[2]).toMatchObject({
      reference: checkout.sessionId,
      purchase: {
        sessionId: checkout.sessionId,
        packId: 'starter',
        packName: 'Starter',
        amount: 1000,
        currency: 'usd',
      },
      hold: null,
      job: null,
    });
    expect(entries[1]).toMatchObject({ reference: 'thumbnail pack', purchase: null, hold: null });
    expect(entries[0]).toMatchObject({
      hold: { id: holdId, reason: 'upscale job', status: 'released', amount: 50, captured: 0 },
      job: null,
    });
  });

  it('names the Studio render behind a hold', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    const res = await api('/api/studio/jobs', {
      method: 'POST',
      cookie: user.cookie,
      body: { prompt: 'a fox in snow', seconds: 10, resolution: '720p', idempotencyKey: crypto.randomUUID() },
    });
    expect(res.status).toBe(201);
    const { job } = (await res.json()) as { job: { id: string; holdId: string } };
    const [hold] = (await history(user, '?kind=hold')).entries;
    expect(hold).toMatchObject({
      delta: -40,
      hold: { id: job.holdId, status: 'active' },
      job: { id: job.id, prompt: 'a fox in snow', seconds: 10, resolution: '720p' },
    });
  });

  it('pages newest first with a cursor, and filters by kind', async () => {
    const user = await signUp();
    await grantCredits(user.id, 100);
    for (let i = 1; i <= 5; i++) await spend(user, i, `spend ${i}`);

    const first = await history(user, '?limit=2');
    expect(first.entries.map((e) => e.reference)).toEqual(['spend 5', 'spend 4']);
    expect(first.nextCursor).toBe(String(first.entries[1]!.id));
    const second = await history(user, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.entries.map((e) => e.reference)).toEqual(['spend 3', 'spend 2']);
    const last = await history(user, `?limit=2&cursor=${second.nextCursor}`);
    expect(last.entries.map((e) => e.reference)).toEqual(['spend 1', 'test grant']);
    expect(last.nextCursor).toBeNull();

    const grants = await history(user, '?kind=grant');
    expect(grants.entries.map((e) => [e.kind, e.delta])).toEqual([['grant', 100]]);
    const spends = await history(user, '?kind=spend&limit=4');
    expect(spends.entries.map((e) => e.delta)).toEqual([-5, -4, -3, -2]);
    expect(spends.nextCursor).not.toBeNull();
  });

  it('refuses a bad cursor, limit or kind with 400', async () => {
    const user = await signUp();
    for (const [query, message] of [
      ['?cursor=abc', 'cursor: is not a valid cursor'],
      ['?cursor=0', 'cursor: is not a valid cursor'],
      ['?limit=0', 'limit: must be an integer from 1 to 100'],
      ['?limit=101', 'limit: must be an integer from 1 to 100'],
      ['?kind=gift', 'kind: is not a ledger kind'],
    ] as const) {
      expect(await errorOf(await api(`/api/history${query}`, { cookie: user.cookie }))).toEqual({
        status: 400,
        body: { error: { code: 'invalid_request', message } },
      });
    }
  });

  it("never shows another user's rows, even through a cursor past their entries", async () => {
    const alice = await signUp();
    const bob = await signUp();
    await buyStarter(alice);
    await grantCredits(bob.id, 7);
    const bobs = await history(bob);
    expect(bobs.entries.map((e) => [e.kind, e.delta])).toEqual([['grant', 7]]);
    expect((await history(bob, '?cursor=9999999')).entries.every((e) => e.delta === 7)).toBe(true);
    expect((await history(bob, '?kind=purchase')).entries).toEqual([]);
  });
});

describe('GET /api/history/export.csv', () => {
  it('streams every row as CSV with a header row, quoting and formula-safe text', async () => {
    const user = await signUp();
    const checkout = await buyStarter(user);
    await spend(user, 12, 'He said "hi", twice');
    await spend(user, 3, '=HYPERLINK("http://evil")');
    await spend(user, 1, 'line one\nline two');

    const res = await api('/api/history/export.csv', { cookie: user.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="creditcast-history.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines[0]).toBe('date,kind,description,credits,balance_after,amount_paid,currency,reference');
    expect(lines.slice(1, -1).map((line) => line.replace(/^[^,]+,/, ''))).toEqual([
      'spend,"line one\nline two",-1,984,,,"line one\nline two"',
      `spend,"'=HYPERLINK(""http://evil"")",-3,985,,,"'=HYPERLINK(""http://evil"")"`,
      'spend,"He said ""hi"", twice",-12,988,,,"He said ""hi"", twice"',
      `purchase,Starter pack,1000,1000,10.00,USD,${checkout.sessionId}`,
    ]);
    expect(lines.at(-1)).toBe('');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
  });

  it('reads long histories a page at a time, writing each row once, in order', async () => {
    const user = await signUp();
    await grantCredits(user.id, 2000);
    for (let i = 0; i < 6; i++) await spend(user, 1, `s${i}`);
    const paged = await new Response(await historyCsv(testDb(), user.id, 2)).text();
    const lines = paged.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 7);
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual([
      's5',
      's4',
      's3',
      's2',
      's1',
      's0',
      'test grant',
    ]);
    // The route (one read) writes the same file.
    expect(await (await api('/api/history/export.csv', { cookie: user.cookie })).text()).toBe(paged);
    expect((await api('/api/history/export.csv')).status).toBe(401);
  });
});

describe('GET /api/receipts/{sessionId}', () => {
  it('needs a session, and answers 404 for unknown, unpaid and other users’ sessions', async () => {
    expect((await api('/api/receipts/cs_test_x')).status).toBe(401);
    const alice = await signUp();
    const bob = await signUp();
    const paid = await buyStarter(alice);
    const unpaid = await seedCheckout(alice.id);
    const notFound = {
      status: 404,
      body: { error: { code: 'receipt_not_found', message: 'No receipt for this payment.' } },
    };
    expect(await errorOf(await api(`/api/receipts/${paid.sessionId}`, { cookie: bob.cookie }))).toEqual(notFound);
    expect(await errorOf(await api(`/api/receipts/${unpaid.sessionId}`, { cookie: alice.cookie }))).toEqual(notFound);
    expect(await errorOf(await api('/api/receipts/cs_test_nothing', { cookie: alice.cookie }))).toEqual(notFound);
    expect(await errorOf(await api('/api/receipts/not-a-session', { cookie: alice.cookie }))).toEqual(notFound);
  });
});

describe('GET /api/receipts/{sessionId}: the redirect', () => {
  it('sends the owner to the charge’s receipt_url, asked of Stripe (the emulator) at click time', async () => {
    const user = await signUp();
    const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const paid = await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
      method: 'POST',
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    expect(paid.status).toBe(200);
    // The status call fulfils it (no webhook), recording the payment intent.
    expect(await (await api(`/api/checkout/${sessionId}`, { cookie: user.cookie })).json()).toMatchObject({
      status: 'credited',
    });
    const session = (await (await emulator(`/v1/checkout/sessions/${sessionId}`)).json()) as { payment_intent: string };
    const intent = (await (await emulator(`/v1/payment_intents/${session.payment_intent}`)).json()) as {
      latest_charge: string;
    };
    const charge = (await (await emulator(`/v1/charges/${intent.latest_charge}`)).json()) as { receipt_url: string };
    expect(charge.receipt_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/receipts\/payment\/ch_/);

    const res = await SELF.fetch(`${ORIGIN}/api/receipts/${sessionId}`, {
      headers: { cookie: user.cookie },
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(charge.receipt_url);
    const receipt = await fetch(charge.receipt_url);
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain('$10.00');
  });

  it('a payment Stripe does not know answers 404, not a 5xx', async () => {
    const user = await signUp();
    const seeded = await buyStarter(user); // credited through a webhook with a made-up payment intent
    expect(await errorOf(await api(`/api/receipts/${seeded.sessionId}`, { cookie: user.cookie }))).toEqual({
      status: 404,
      body: { error: { code: 'receipt_not_found', message: 'No receipt for this payment.' } },
    });
  });
});

describe('GET /api/config', () => {
  it('names the support address from SUPPORT_EMAIL, without a session', async () => {
    const res = await api('/api/config');
    expect(await res.json()).toEqual({ supportEmail: 'support@creditcast.example' });
  });
});

describe('GET /api/checkout/{id}: creditedAt', () => {
  it('is null before the credit and the purchase entry’s time after it', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id);
    const before = (await (await api(`/api/checkout/${checkout.sessionId}`, { cookie: user.cookie })).json()) as {
      status: string;
      creditedAt: string | null;
    };
    expect(before).toMatchObject({ status: 'open', creditedAt: null });

    const start = Date.now();
    await deliver(completed(checkout));
    const after = (await (await api(`/api/checkout/${checkout.sessionId}`, { cookie: user.cookie })).json()) as {
      status: string;
      creditedAt: string;
    };
    expect(after.status).toBe('credited');
    const at = Date.parse(after.creditedAt);
    expect(at).toBeGreaterThanOrEqual(start - 5);
    expect(at).toBeLessThanOrEqual(Date.now() + 5);
    const [purchase] = (await history(user, '?kind=purchase')).entries as (Row & { createdAt: string })[];
    expect(after.creditedAt).toBe(purchase!.createdAt);
  });
});
