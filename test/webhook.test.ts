// The Stripe webhook (docs/api.md "Stripe webhook"): verified, idempotent, order-proof.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../worker/index';
import { api, balanceOf, expectLedgerConsistent, ledgerRows, ORIGIN, signUp } from './helpers';
import {
  chargeRefunded,
  checkoutRow,
  checkoutSessionObject,
  completed,
  deliver,
  dispute,
  event,
  eventCount,
  seedCheckout,
  signature,
} from './stripe-helpers';

async function buyer() {
  const user = await signUp();
  const checkout = await seedCheckout(user.id);
  return { user, checkout };
}

describe('checkout.session.completed', () => {
  it('credits the pack once, records the event and marks the session credited', async () => {
    const { user, checkout } = await buyer();
    const evt = completed(checkout);
    const res = await deliver(evt);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(await balanceOf(user.id)).toEqual({ credits: 1000, version: 1 });
    expect(await ledgerRows(user.id)).toEqual([
      expect.objectContaining({
        delta: 1000,
        balance_after: 1000,
        kind: 'purchase',
        reference: checkout.sessionId,
        idempotency_key: `purchase:${checkout.sessionId}`,
      }),
    ]);
    expect(await checkoutRow(checkout.sessionId)).toMatchObject({
      status: 'credited',
      payment_intent: checkout.paymentIntent,
    });
    const recorded = await env.DB.prepare('SELECT id, type, object_id FROM stripe_events WHERE object_id = ?')
      .bind(checkout.sessionId)
      .all();
    expect(recorded.results).toEqual([{ id: evt.id, type: evt.type, object_id: checkout.sessionId }]);
  });

  it('the same event delivered 20 times concurrently credits once', async () => {
    const { user, checkout } = await buyer();
    const evt = completed(checkout);
    const responses = await Promise.all(Array.from({ length: 20 }, () => deliver(evt)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect((await balanceOf(user.id)).credits).toBe(1000);
    expect(await ledgerRows(user.id)).toHaveLength(1);
    expect(await eventCount(checkout.sessionId)).toBe(1);
  });

  it('the same session under different event ids credits once', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout));
    await deliver(completed(checkout));
    await deliver(event('checkout.session.async_payment_succeeded', checkoutSessionObject(checkout)));
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect(await ledgerRows(user.id)).toHaveLength(1);
    expect(await eventCount(checkout.sessionId)).toBe(3);
  });

  it('credits from our own row, not the event: an amount or currency that disagrees is not credited', async () => {
    for (const over of [{ amount_total: 1 }, { currency: 'eur' }]) {
      const { user, checkout } = await buyer();
      const res = await deliver(completed(checkout, over));
      expect(res.status).toBe(200);
      expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
      expect(await ledgerRows(user.id)).toHaveLength(0);
      expect((await checkoutRow(checkout.sessionId))?.status).toBe('failed');
      // A session settled as failed stays failed: a later, matching event credits nothing.
      await deliver(completed(checkout));
      expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
    }
  });

  it('a paid session we never created is acknowledged and credits nobody', async () => {
    const user = await signUp();
    const ghost = {
      sessionId: 'cs_test_ghost',
      paymentIntent: 'pi_x',
      chargeId: 'ch_x',
      credits: 1000,
      amount: 1000,
      currency: 'usd',
    };
    const res = await deliver(completed(ghost));
    expect(res.status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(0);
    const credited = await env.DB.prepare('SELECT COUNT(*) AS n FROM ledger_entries WHERE reference = ?')
      .bind(ghost.sessionId)
      .first<{ n: number }>();
    expect(credited?.n).toBe(0);
  });

  it('acknowledges an event type named like an Object.prototype member, writing nothing', async () => {
    for (const type of ['valueOf', 'constructor', '__proto__', 'toString']) {
      const res = await deliver(event(type, { id: `cus_${type}`, object: 'customer' }));
      expect(res.status).toBe(200);
      expect(await eventCount(`cus_${type}`)).toBe(0);
    }
  });

  it('acknowledges event types it does not handle, writing nothing', async () => {
    const res = await deliver(event('customer.created', { id: 'cus_1', object: 'customer' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(await eventCount('cus_1')).toBe(0);
  });
});

describe('signature verification', () => {
  async function rejected(res: Response, code: string) {
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  }

  async function post(body: string, sig?: string) {
    return api('/api/v1/webhooks/stripe', {
      method: 'POST',
      body,
      headers: { ...(sig === undefined ? {} : { 'stripe-signature': sig }), origin: '' },
    });
  }

  it('refuses a missing, wrong-secret, stale or tampered signature and writes nothing', async () => {
    const { user, checkout } = await buyer();
    const payload = JSON.stringify(completed(checkout));
    await rejected(await post(payload), 'missing_signature');
    await rejected(await post(payload, await signature(payload, 'whsec_wrong')), 'invalid_signature');
    const stale = Math.floor(Date.now() / 1000) - 301;
    await rejected(await post(payload, await signature(payload, undefined, stale)), 'invalid_signature');
    const tampered = payload.replace('"amount_total":1000', '"amount_total":1');
    await rejected(await post(tampered, await signature(payload)), 'invalid_signature');
    await rejected(await post(payload, 'garbage'), 'invalid_signature');
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
    expect(await eventCount(checkout.sessionId)).toBe(0);
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('open');
  });

  it('refuses a validly signed body that is not an event', async () => {
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events').first<{ n: number }>();
    for (const payload of ['not json at all', '{"hello":"world"}', '[]', '{"id":"evt_1","type":"x","data":{}}']) {
      const res = await post(payload, await signature(payload));
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toMatch(/invalid_(event|signature)/);
    }
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM stripe_events').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it('accepts any matching v1, so a secret can rotate', async () => {
    const { user, checkout } = await buyer();
    const payload = JSON.stringify(completed(checkout));
    const t = Math.floor(Date.now() / 1000);
    const old = await signature(payload, 'whsec_old_secret', t);
    const current = await signature(payload, undefined, t);
    const header = `t=${t},${old.split(',')[1]},${current.split(',')[1]}`;
    const res = await post(payload, header);
    expect(res.status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(1000);
  });

  it('answers 413 for a body over 1 MB, before verifying anything', async () => {
    const payload = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    const res = await post(payload, await signature(payload));
    expect(res.status).toBe(413);
  });
});

describe('asynchronous payments and expiry', () => {
  it('an unpaid completion marks processing; async_payment_succeeded then credits once', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout, { payment_status: 'unpaid' }));
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('processing');
    expect((await balanceOf(user.id)).credits).toBe(0);
    const succeeded = event('checkout.session.async_payment_succeeded', checkoutSessionObject(checkout));
    await deliver(succeeded);
    await deliver(succeeded);
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('credited');
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
  });

  it('async_payment_failed marks the session failed and credits nothing', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout, { payment_status: 'unpaid' }));
    await deliver(
      event('checkout.session.async_payment_failed', checkoutSessionObject(checkout, { payment_status: 'unpaid' })),
    );
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('failed');
    expect(await ledgerRows(user.id)).toHaveLength(0);
  });

  it('checkout.session.expired marks the session expired', async () => {
    const { user, checkout } = await buyer();
    await deliver(
      event(
        'checkout.session.expired',
        checkoutSessionObject(checkout, { status: 'expired', payment_status: 'unpaid' }),
      ),
    );
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('expired');
    expect(await ledgerRows(user.id)).toHaveLength(0);
  });

  it('a late "expired" never undoes a credit', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout));
    await deliver(event('checkout.session.expired', checkoutSessionObject(checkout, { status: 'expired' })));
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('credited');
    expect((await balanceOf(user.id)).credits).toBe(1000);
  });
});

describe('refunds and disputes', () => {
  it('a partial then a full refund claws back only the new share each time', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout));
    await deliver(chargeRefunded(checkout, 250)); // 25% → 250 credits
    expect((await balanceOf(user.id)).credits).toBe(750);
    expect(await checkoutRow(checkout.sessionId)).toMatchObject({ status: 'credited', amount_refunded: 250 });
    await deliver(chargeRefunded(checkout, 1000)); // the remaining 75%
    await deliver(chargeRefunded(checkout, 250)); // a stale, late copy: nothing
    expect(await expectLedgerConsistent(user.id)).toBe(0);
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['purchase', 1000],
      ['refund', -250],
      ['refund', -750],
    ]);
    expect(await checkoutRow(checkout.sessionId)).toMatchObject({ status: 'refunded', amount_refunded: 1000 });
  });

  it('a refund may take the balance below zero (debt is recorded), and spends stay blocked', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout));
    const spent = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 900, reason: 'video', idempotencyKey: 'v1' },
    });
    expect(spent.status).toBe(200);
    await deliver(chargeRefunded(checkout, 1000));
    expect(await expectLedgerConsistent(user.id)).toBe(-900);
    const blocked = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 1, reason: 'video', idempotencyKey: 'v2' },
    });
    expect(blocked.status).toBe(402);
    expect((await balanceOf(user.id)).credits).toBe(-900);
  });

  it('a dispute claws back the disputed share; winning it gives exactly that back', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout));
    await deliver(dispute('charge.dispute.created', checkout, 'dp_1', 1000));
    expect((await balanceOf(user.id)).credits).toBe(0);
    await deliver(dispute('charge.dispute.closed', checkout, 'dp_1', 1000, 'won'));
    await deliver(dispute('charge.dispute.closed', checkout, 'dp_1', 1000, 'won'));
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect((await ledgerRows(user.id)).map((r) => [r.kind, r.delta])).toEqual([
      ['purchase', 1000],
      ['dispute', -1000],
      ['dispute_reversal', 1000],
    ]);
  });

  it('a lost dispute keeps the clawback', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout));
    await deliver(dispute('charge.dispute.created', checkout, 'dp_2', 500));
    await deliver(dispute('charge.dispute.closed', checkout, 'dp_2', 500, 'lost'));
    expect(await expectLedgerConsistent(user.id)).toBe(500);
  });

  it('"won" arriving before "created" still nets to zero, and the late "created" changes nothing', async () => {
    const { user, checkout } = await buyer();
    await deliver(completed(checkout));
    await deliver(dispute('charge.dispute.closed', checkout, 'dp_3', 1000, 'won'));
    await deliver(dispute('charge.dispute.created', checkout, 'dp_3', 1000));
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect(await ledgerRows(user.id)).toHaveLength(3);
  });
});

describe('a database failure in the middle of fulfilment', () => {
  /** A D1 whose next batch fails after running its statements: the transaction rolls back. */
  function failingOnce(db: D1Database): D1Database {
    let armed = true;
    return new Proxy(db, {
      get(target, prop) {
        if (prop === 'batch') {
          return async (statements: D1PreparedStatement[]) => {
            if (!armed) return target.batch(statements);
            armed = false;
            return target.batch([...statements, target.prepare('INSERT INTO no_such_table VALUES (1)')]);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('answers 5xx with nothing half-written, and the retry credits once', async () => {
    const { user, checkout } = await buyer();
    const payload = JSON.stringify(completed(checkout));
    const request = async () =>
      new Request(`${ORIGIN}/api/v1/webhooks/stripe`, {
        method: 'POST',
        headers: { 'stripe-signature': await signature(payload), 'content-type': 'application/json' },
        body: payload,
      });
    const brokenEnv = { ...env, DB: failingOnce(env.DB) };
    const ctx = createExecutionContext();
    const failed = await app.fetch(await request(), brokenEnv, ctx);
    await waitOnExecutionContext(ctx);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong. Please try again.' },
    });
    expect(await balanceOf(user.id)).toEqual({ credits: 0, version: 0 });
    expect(await ledgerRows(user.id)).toHaveLength(0);
    expect(await eventCount(checkout.sessionId)).toBe(0);
    expect((await checkoutRow(checkout.sessionId))?.status).toBe('open');

    const ctx2 = createExecutionContext();
    const retried = await app.fetch(await request(), brokenEnv, ctx2);
    await waitOnExecutionContext(ctx2);
    expect(retried.status).toBe(200);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect(await eventCount(checkout.sessionId)).toBe(1);
  });
});

describe('duplicate deliveries', () => {
  it('a duplicate landing on the same isolate is answered without touching D1', async () => {
    const { user, checkout } = await buyer();
    const evt = completed(checkout);
    expect((await deliver(evt)).status).toBe(200);

    // Any D1 call now fails: only the isolate's memo can answer the duplicate.
    const noDb = new Proxy(env.DB, {
      get() {
        throw new Error('D1 must not be used for a known duplicate');
      },
    });
    const payload = JSON.stringify(evt);
    const ctx = createExecutionContext();
    const res = await app.fetch(
      new Request(`${ORIGIN}/api/v1/webhooks/stripe`, {
        method: 'POST',
        headers: { 'stripe-signature': await signature(payload) },
        body: payload,
      }),
      { ...env, DB: noDb },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
  });

  it('a duplicate still needs a valid signature', async () => {
    const { checkout } = await buyer();
    const evt = completed(checkout);
    await deliver(evt);
    const res = await api('/api/v1/webhooks/stripe', {
      method: 'POST',
      body: JSON.stringify(evt),
      headers: { 'stripe-signature': await signature(JSON.stringify(evt), 'whsec_wrong'), origin: '' },
    });
    expect(res.status).toBe(400);
  });
});
