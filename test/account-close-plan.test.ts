// Closing an account that has a plan (issue 24 item 5): refused without the choice; with `cancelPlan`
// the plan is cancelled at Stripe (the emulator) now, then the account closes; bad input changes nothing.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, balanceOf, ledgerRows } from './helpers';
import { deliverNew, stripe, subscribedOnClock } from './subscriptions/emulator-support';

const PASSWORD = 'correct horse battery';

const close = (cookie: string, body: Record<string, unknown>) =>
  api('/api/account/delete', { method: 'POST', cookie, body });

const emailOf = async (id: string) =>
  (await env.DB.prepare('SELECT email FROM users WHERE id = ?').bind(id).first<{ email: string }>())?.email;
const storedStatus = async (subscriptionId: string) =>
  (
    await env.DB.prepare('SELECT status FROM subscriptions WHERE id = ?')
      .bind(subscriptionId)
      .first<{ status: string }>()
  )?.status;

describe('POST /api/account/delete with a plan', () => {
  it('refuses without cancelPlan; a wrong password or a bad cancelPlan cancels nothing', async () => {
    const c = await subscribedOnClock('pro');
    const refused = await close(c.user.cookie, { password: PASSWORD });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('subscription_active');
    expect((await close(c.user.cookie, { password: 'wrong password!', cancelPlan: true })).status).toBe(403);
    const bad = await close(c.user.cookie, { password: PASSWORD, cancelPlan: 'yes' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: 'invalid_request', message: 'cancelPlan: must be a boolean' },
    });
    expect((await stripe().subscriptions.retrieve(c.subscriptionId)).status).toBe('active');
    expect(await storedStatus(c.subscriptionId)).toBe('active');
    expect(await emailOf(c.user.id)).toBe(c.user.email);
  });

  it('cancelPlan: true cancels the plan at Stripe now and closes the account; the books stay as they were', async () => {
    const c = await subscribedOnClock('pro');
    const before = await ledgerRows(c.user.id);
    expect((await balanceOf(c.user.id)).credits).toBe(7_700);

    const closed = await close(c.user.cookie, { password: PASSWORD, cancelPlan: true });
    expect(closed.status).toBe(204);
    expect((await stripe().subscriptions.retrieve(c.subscriptionId)).status).toBe('canceled');
    expect(await storedStatus(c.subscriptionId)).toBe('canceled');
    expect(await emailOf(c.user.id)).toBe(`deleted-${c.user.id}@deleted.invalid`);
    expect(await ledgerRows(c.user.id)).toEqual(before);
    // The session is gone; Stripe's own deletion event, delivered late, changes nothing more.
    expect((await api('/api/account/sessions', { cookie: c.user.cookie })).status).toBe(401);
    const late = await deliverNew(c.customer, c.seen);
    expect(late.map((e) => e.type)).toContain('customer.subscription.deleted');
    expect(await storedStatus(c.subscriptionId)).toBe('canceled');
    expect(await ledgerRows(c.user.id)).toEqual(before);
  });
});
