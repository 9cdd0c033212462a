// Console refunds Stripe refuses (issue 18, item 6): a race of refunds, a disputed payment and an
// unreachable Stripe each answer a 4xx/503 that says why, never a 500, and change nothing here.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { refundPurchase } from '../../worker/admin/refunds';
import { AppError } from '../../worker/errors';
import { stripeClient } from '../../worker/stripe/client';
import { api, expectLedgerConsistent, signUp, testDb } from '../helpers';
import { checkoutRow, emulator } from '../stripe-helpers';
import { auditRows, creditedPurchase, operator } from './support';

type ErrorBody = { error: { code: string; message: string } };

describe('console refunds Stripe refuses', () => {
  it('ten parallel whole refunds with different keys: one 202, nine 409 nothing_to_refund, one audit row', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await creditedPurchase(user);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api(`/api/admin/purchases/${sessionId}/refund`, {
          method: 'POST',
          cookie: op.cookie,
          body: { reason: 'customer asked', idempotencyKey: `race-${i}` },
        }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const refused = (await Promise.all(answers.filter((r) => r.status === 409).map((r) => r.json()))) as ErrorBody[];
    for (const body of refused) {
      expect(body.error.code).toBe('nothing_to_refund');
      expect(body.error.message).toMatch(/another refund was just made/);
    }
    // Stripe made one refund; nothing moved here until its webhook; one audit row.
    const pi = (await checkoutRow(sessionId))?.payment_intent ?? '';
    const intent = (await (await emulator(`/v1/payment_intents/${pi}`)).json()) as { latest_charge: string };
    const charge = (await (await emulator(`/v1/charges/${intent.latest_charge}`)).json()) as {
      amount_refunded: number;
      refunds?: { data: unknown[] };
    };
    expect(charge.amount_refunded).toBe(1000);
    expect(await expectLedgerConsistent(user.id)).toBe(1000);
    expect((await auditRows()).filter((r) => r.target === sessionId)).toHaveLength(1);
  });

  it('a disputed payment answers 409 charge_disputed and writes nothing', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await creditedPurchase(user);
    const pi = (await checkoutRow(sessionId))?.payment_intent ?? '';
    const intent = (await (await emulator(`/v1/payment_intents/${pi}`)).json()) as { latest_charge: string };
    const disputed = await emulator(`/_emulator/charges/${intent.latest_charge}/dispute`, {
      method: 'POST',
      body: JSON.stringify({}),
    });
    expect(disputed.status).toBe(200);
    const auditBefore = (await auditRows()).length;
    const res = await api(`/api/admin/purchases/${sessionId}/refund`, {
      method: 'POST',
      cookie: op.cookie,
      body: { reason: 'asked', idempotencyKey: 'k' },
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error).toEqual({
      code: 'charge_disputed',
      message:
        'Stripe refused the refund: this payment is disputed, so the dispute decides what the customer gets back.',
    });
    expect(await auditRows()).toHaveLength(auditBefore);
  });

  it('an unreachable Stripe is a 503 stripe_unavailable, not a 500, and records nothing', async () => {
    const [op, user] = [await operator(), await signUp()];
    const sessionId = await creditedPurchase(user);
    const auditBefore = (await auditRows()).length;
    // Port 9 (discard) is closed here: the SDK's connection fails at once.
    const unreachable = stripeClient({
      STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY,
      STRIPE_API_BASE: 'http://127.0.0.1:9',
    });
    const failure = await refundPurchase(testDb(), unreachable, op, {
      sessionId,
      reason: 'asked',
      idempotencyKey: 'k',
    }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ status: 503, code: 'stripe_unavailable' });
    expect(await auditRows()).toHaveLength(auditBefore);
  });
});
