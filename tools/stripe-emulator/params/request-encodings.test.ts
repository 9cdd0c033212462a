// Parameters as each official SDK encodes them (booleans, arrays, hashes, metadata, query vs body) are taken where Stripe takes them and refused where it refuses them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packSessionParams, SECRET_KEY, startTestEmulator, type TestEmulator } from '../test-support';
import { subscribe } from '../test-support-plans';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.close();
});

type Answer = { status: number; body: Record<string, unknown> & { error?: Record<string, unknown> } };

/** One /v1 call with the parameters written by hand, in the query, the body or both. */
async function call(method: string, path: string, form = '', query = ''): Promise<Answer> {
  const response = await fetch(`${t.emulator.url}/v1${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: method === 'GET' ? undefined : form,
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const packForm = [
  'mode=payment',
  'success_url=http%3A%2F%2F127.0.0.1%3A8787%2Fok',
  'cancel_url=http%3A%2F%2F127.0.0.1%3A8787%2Fbuy',
];

describe('booleans', () => {
  it('takes true and false in any case, as new SDKs (true) and older python/.NET ones (True) send them', async () => {
    const off = await call('POST', '/products', 'id=prod_off&name=Off&active=False');
    const on = await call('POST', '/products', 'id=prod_on&name=On&active=TRUE');
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect([on.status, on.body.active]).toEqual([200, true]);

    const { subscription } = await subscribe(t);
    const updated = await call('POST', `/subscriptions/${subscription.id}`, 'cancel_at_period_end=True');
    expect([updated.status, updated.body.cancel_at_period_end]).toEqual([200, true]);
  });

  it('refuses 1, yes or an empty value with Stripe\'s "Invalid boolean" error and changes nothing', async () => {
    for (const value of ['1', 'yes', '']) {
      const answer = await call('POST', '/products', `id=prod_bool&name=B&active=${value}`);
      expect(answer).toEqual({
        status: 400,
        body: { error: { type: 'invalid_request_error', message: `Invalid boolean: ${value}`, param: 'active' } },
      });
    }
    expect((await call('GET', '/products/prod_bool')).status).toBe(404);

    const { subscription } = await subscribe(t);
    const refused = await call('POST', `/subscriptions/${subscription.id}`, 'cancel_at_period_end=yes');
    expect(refused.body.error).toMatchObject({ message: 'Invalid boolean: yes', param: 'cancel_at_period_end' });
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
  });
});

describe('arrays', () => {
  it('reads expand[0]= (node, python, go, php, java, .NET) and expand[]= (ruby, curl) alike', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    for (const query of ['expand[0]=line_items', 'expand[]=line_items', 'expand%5B0%5D=line_items']) {
      const answer = await call('GET', `/checkout/sessions/${session.id}`, '', query);
      expect(answer.status).toBe(200);
      expect(answer.body.line_items).toMatchObject({ object: 'list', data: [{ amount_total: 1000 }] });
    }
  });

  it('reads arrays of hashes written with indexes, with gaps, or with [] the way Rack joins them', async () => {
    const item = (prefix: string) => [
      `${prefix}[price_data][currency]=usd`,
      `${prefix}[price_data][unit_amount]=500`,
      `${prefix}[price_data][product_data][name]=Pack`,
      `${prefix}[quantity]=2`,
    ];
    const forms = {
      indexed: [...item('line_items[0]'), 'payment_method_types[0]=card'],
      gaps: [...item('line_items[3]'), 'payment_method_types[1]=card'],
      rack: [...item('line_items[]'), ...item('line_items[]'), 'payment_method_types[]=card'],
    };
    const totals: Record<string, unknown> = {};
    for (const [name, form] of Object.entries(forms)) {
      const answer = await call('POST', '/checkout/sessions', [...packForm, ...form].join('&'));
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.payment_method_types).toEqual(['card']);
      totals[name] = answer.body.amount_total;
    }
    expect(totals).toEqual({ indexed: 1000, gaps: 1000, rack: 2000 });
  });

  it('refuses a plain value where Stripe wants an array or a hash, as Stripe words it', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    const scalarExpand = await call('GET', `/checkout/sessions/${session.id}`, '', 'expand=line_items');
    expect(scalarExpand).toEqual({
      status: 400,
      body: { error: { type: 'invalid_request_error', message: 'Invalid array', param: 'expand' } },
    });
    const scalarHash = await call('POST', '/customers', 'email=ada%40example.com&preferred_locales[x]=en');
    expect(scalarHash.body.error).toMatchObject({ message: 'Invalid array', param: 'preferred_locales' });
    const scalarMetadata = await call('POST', '/customers', 'metadata=oops');
    expect(scalarMetadata.body.error).toMatchObject({ message: 'Invalid hash', param: 'metadata' });
  });
});

describe('metadata', () => {
  it('keeps numeric keys as names, unsets a key sent empty and all keys when metadata itself is empty', async () => {
    const created = await call('POST', '/customers', 'metadata[0]=zero&metadata[userId]=u1&metadata[plan]=pro');
    expect(created.body.metadata).toEqual({ 0: 'zero', userId: 'u1', plan: 'pro' });
    const id = created.body.id as string;

    // What stripe-node sends for `metadata: { plan: null }`.
    const oneUnset = await t.stripe.customers.update(id, { metadata: { plan: null } });
    expect(oneUnset.metadata).toEqual({ 0: 'zero', userId: 'u1' });
    expect((await call('POST', `/customers/${id}`, 'metadata=')).body.metadata).toEqual({});
    expect((await t.stripe.customers.retrieve(id)) as { metadata: unknown }).toMatchObject({ metadata: {} });
  });
});

describe('where parameters travel', () => {
  it("reads DELETE's parameters from the query, where the SDKs put them, and refuses unknown ones there", async () => {
    const { subscription } = await subscribe(t);
    const bogus = t.stripe.subscriptions.cancel(subscription.id, { bogus: 'x' } as never);
    await expect(bogus).rejects.toMatchObject({ code: 'parameter_unknown', param: 'bogus', statusCode: 400 });
    expect((await t.stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');

    const canceled = await t.stripe.subscriptions.cancel(subscription.id, { invoice_now: false, prorate: false });
    expect(canceled.status).toBe('canceled');
  });

  it('reads a POST query string as Stripe does, the body winning when both name a parameter', async () => {
    const answer = await call('POST', '/customers', 'name=Body', 'email=ada%40example.com&name=Query');
    expect(answer.body).toMatchObject({ email: 'ada@example.com', name: 'Body' });
  });
});

describe('refusals', () => {
  it('names an unknown nested parameter by its full path, before any other problem', async () => {
    const answer = await call('POST', '/checkout/sessions', 'mode=nope&line_items[0][bogus]=1');
    expect(answer.body.error).toMatchObject({
      code: 'parameter_unknown',
      message: 'Received unknown parameter: line_items[0][bogus]',
      param: 'line_items[0][bogus]',
    });
  });

  it('lists the allowed values of an enum as Stripe does', async () => {
    const answer = await call('POST', '/checkout/sessions', [...packForm.slice(1), 'mode=nope'].join('&'));
    expect(answer.body.error).toMatchObject({
      message: 'Invalid mode: must be one of payment, setup, or subscription',
      param: 'mode',
    });
  });
});
