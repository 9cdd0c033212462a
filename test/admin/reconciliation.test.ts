// Reconciliation you can trust (issue 23, item 6): a plan's Checkout Session credited by its first
// invoice's grant is never "paid but not credited" (it used to be, forever); a real finding names
// its user by email; an unreachable Stripe is a 503, not a 500.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { reconciliationReport } from '../../worker/admin/reconciliation';
import { AppError } from '../../worker/errors';
import { stripeClient } from '../../worker/stripe/client';
import { api, signUp, testDb } from '../helpers';
import { pay, startSubscription } from '../subscriptions/emulator-support';
import { lostWebhookPurchase, operator } from './support';

interface Item {
  sessionId: string;
  email: string | null;
  userId: string | null;
}

describe('the reconciliation report', () => {
  it("lists no credited plan checkout as missing, and names a real finding's user by email", async () => {
    const [op, subscriber, buyer] = [await operator(), await signUp(), await signUp()];
    const plan = await startSubscription(subscriber);
    await pay(plan.sessionId, { deliverWebhooks: false });
    // The success page's status call settles it (its first invoice granted).
    expect(await (await api(`/api/checkout/${plan.sessionId}`, { cookie: subscriber.cookie })).json()).toMatchObject({
      status: 'credited',
    });
    const lost = await lostWebhookPurchase(buyer);

    const res = await api('/api/admin/reconciliation', { cookie: op.cookie });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { paidNotCredited: Item[]; creditedNotPaid: Item[]; mismatched: Item[] };
    const all = [...report.paidNotCredited, ...report.creditedNotPaid, ...report.mismatched];
    expect(all.map((i) => i.sessionId)).not.toContain(plan.sessionId);
    expect(report.paidNotCredited.find((i) => i.sessionId === lost)).toMatchObject({
      userId: buyer.id,
      email: buyer.email,
    });
  });

  it('answers 503 stripe_unavailable when Stripe cannot be reached', async () => {
    const unreachable = stripeClient({
      STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY,
      STRIPE_API_BASE: 'http://127.0.0.1:9',
    });
    const failure = await reconciliationReport(testDb(), unreachable).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ status: 503, code: 'stripe_unavailable' });
  });
});
