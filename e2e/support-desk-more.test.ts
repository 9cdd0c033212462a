// More of the support desk in Chromium (issue 23; docs/support.md tickets 3 and 5): a plan payment refunded
// from the console's user page takes the allowance off when Stripe's charge.refunded lands (both the
// customer's open tab and the operator's page), and every console page fits 390×844 and 1280×800 with a
// funded user on it (purchases, a plan, ledger rows) so its tables are not empty.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  h1,
  hasText,
  header,
  liveReady,
  markDocument,
  me,
  NAVIGATION_TIMEOUT_MS,
  signUp,
  stillSameDocument,
  UI_TIMEOUT_MS,
  visible,
} from './browser';
import { COPY } from './copy';
import { type Harness, useHarness } from './harness';
import { appCall, operatorPage, payAndWait } from './support';

const en = COPY.en;
const PRO = 7_700;
const STARTER = 1_000;
const REASON = 'Internal reason (required; operators and the audit log only)';

/** A customer with a Starter pack and a Pro plan (8,700 credits: two purchases, two lots, ledger rows). */
async function fundedCustomer(e2e: Harness, tag: string) {
  // Webhooks at once (the default waits a second): the refund's charge.refunded is what this file waits for.
  await e2e.emulator.configure({ delayMs: 0 });
  const context = await e2e.context();
  const page = await context.newPage();
  const { email } = await signUp(page, tag);
  const pack = await appCall<{ sessionId: string }>(e2e, context, 'POST', '/api/checkout', { packId: 'starter' });
  await payAndWait(e2e, context, pack.sessionId);
  const plan = await appCall<{ sessionId: string }>(e2e, context, 'POST', '/api/subscriptions/checkout', {
    planId: 'pro',
  });
  await payAndWait(e2e, context, plan.sessionId);
  await expect
    .poll(async () => (await me(context)).credits, { timeout: UI_TIMEOUT_MS, interval: 250 })
    .toBe(STARTER + PRO);
  return { context, page, email, id: (await me(context)).id };
}

/** How far the page scrolls sideways (0 when it fits), and the first elements sticking out past the right edge. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const over = root.scrollWidth - window.innerWidth;
    if (over <= 0) return { over: 0, culprits: [] as string[] };
    const culprits = Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 40)}`)
      .slice(0, 6);
    return { over, culprits };
  });

describe('the support desk, more', () => {
  const e2e = useHarness();

  it('refunds a plan payment from the user page: the allowance comes off live in both pages when charge.refunded lands', async () => {
    const customer = await fundedCustomer(e2e, 'plan-refund');
    const userTab = customer.page;
    await userTab.goto('/en');
    await visible(h1(userTab, en.homeTitle));
    await liveReady(userTab);
    await hasText(header.balance(userTab), en.credits(STARTER + PRO));
    await markDocument(userTab);

    // The operator pastes the subscription id from Stripe into search and opens the customer (ticket 5, step 1).
    const { subscription } = await appCall<{ subscription: { id: string } }>(
      e2e,
      customer.context,
      'GET',
      '/api/subscription',
    );
    expect(subscription.id).toMatch(/^sub_/);
    const { op } = await operatorPage(e2e, 'plan-desk');
    await op.goto('/en/admin');
    await op.getByRole('searchbox').fill(subscription.id);
    await op.getByRole('button', { name: 'Search', exact: true }).click();
    await op.getByRole('link', { name: customer.email, exact: true }).click();
    await visible(h1(op, `User ${customer.email}`));
    // The plan: which, its status, its Stripe subscription; then its one paid invoice, with a Refund button.
    const plan = op.getByRole('region', { name: 'Plan', exact: true });
    await visible(plan.getByText('pro · active', { exact: true }));
    await visible(plan.getByText(subscription.id, { exact: true }));
    const opBalance = op.getByRole('status', { name: `Balance of ${customer.email}`, exact: true });
    await hasText(opBalance, en.credits(STARTER + PRO));
    const payments = op.getByRole('region', { name: 'Plan payments (table)', exact: true });
    const refund = payments.getByRole('button', { name: /^Refund in_\w+$/ });
    await visible(refund);
    const invoiceId = ((await refund.textContent()) ?? '').replace('Refund', '').trim();
    expect(invoiceId).toMatch(/^in_/);
    const row = payments.getByRole('row').filter({ hasText: invoiceId });
    // Granted 7,700; nothing clawed back yet.
    await visible(row.getByRole('cell', { name: en.credits(PRO), exact: true }));
    await visible(row.getByRole('cell', { name: en.credits(0), exact: true }));
    await markDocument(op);

    // Refund all of it: the confirmation names the amount and the user; Stripe answers with its refund id.
    await refund.click();
    await op.getByLabel(REASON).last().fill('Charged for a plan she never used');
    await op.getByRole('button', { name: 'Review', exact: true }).last().click();
    await visible(op.getByText(`Refund $29.00 of ${customer.email}’s purchase through Stripe?`, { exact: true }));
    await op.getByRole('button', { name: 'Confirm refund', exact: true }).click();
    await visible(op.getByText(/^Refund re_\w+ sent to Stripe\./));

    // charge.refunded lands: the allowance (7,700) comes off, the bought 1,000 stays; pushed live, no reload.
    await hasText(header.balance(userTab), en.credits(STARTER));
    await hasText(opBalance, en.credits(STARTER));
    expect(await stillSameDocument(userTab)).toBe(true);
    expect(await stillSameDocument(op)).toBe(true);
    const ledger = await appCall<{ entries: { delta: number }[] }>(e2e, customer.context, 'GET', '/api/credits/ledger');
    expect(ledger.entries.reduce((sum, e) => sum + e.delta, 0)).toBe(STARTER);
    expect((await me(customer.context)).credits).toBe(STARTER);

    // The operator's page re-reads itself on the push: the plan payment reads granted 7,700, clawed back 7,700.
    await expect
      .poll(() => row.getByRole('cell', { name: en.credits(PRO), exact: true }).count(), { timeout: UI_TIMEOUT_MS })
      .toBe(2);
  });

  it('every console page fits 390×844 and 1280×800 without sideways scroll, with a funded user on it', async () => {
    const customer = await fundedCustomer(e2e, 'fit-customer');
    const { op } = await operatorPage(e2e, 'fit-desk');
    // A grant puts an operator action in the audit log and a ledger row of the console's own.
    await appCall(e2e, op.context(), 'POST', `/api/admin/users/${customer.id}/adjustments`, {
      amount: 100,
      reason: 'Goodwill',
      idempotencyKey: `fit-${customer.id}`,
    });

    // A paid session whose webhook was lost: "Paid but not credited" on reconciliation has a row too.
    const lost = await appCall<{ sessionId: string }>(e2e, customer.context, 'POST', '/api/checkout', {
      packId: 'starter',
    });
    const paid = await fetch(`${e2e.emulatorUrl}/_emulator/checkout/sessions/${lost.sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    expect(paid.status, await paid.text()).toBe(200);

    const pages: { path: string; title: string; table?: string }[] = [
      { path: `/en/admin?q=${encodeURIComponent(customer.email)}`, title: 'Find a user', table: 'Users' },
      { path: `/en/admin/users/${customer.id}`, title: `User ${customer.email}`, table: 'Ledger (table)' },
      { path: '/en/admin/events', title: 'Stripe events', table: 'Stripe events (table)' },
      { path: '/en/admin/audit', title: 'Audit log', table: 'Audit log (table)' },
      { path: '/en/admin/keys', title: 'API keys', table: 'API keys (table)' },
      { path: '/en/admin/webhooks', title: 'Webhooks' },
      { path: '/en/admin/reconciliation', title: 'Reconciliation', table: 'Paid but not credited (table)' },
    ];
    const found: string[] = [];
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ]) {
      await op.setViewportSize(viewport);
      for (const entry of pages) {
        await op.goto(entry.path);
        await visible(h1(op, entry.title));
        await op.waitForLoadState('networkidle', { timeout: NAVIGATION_TIMEOUT_MS });
        if (entry.table) await visible(op.getByRole('region', { name: entry.table, exact: true }).first());
        const fit = await sideways(op);
        if (fit.over > 0)
          found.push(`${viewport.width}px ${entry.path}: ${fit.over}px over; ${fit.culprits.join(' | ')}`);
      }
    }
    expect(found).toEqual([]);

    // Found from the other side (ticket 1, step 5): reconciliation names her by email; Settle credits it once.
    const row = op
      .getByRole('region', { name: 'Paid but not credited (table)', exact: true })
      .getByRole('row')
      .filter({ hasText: lost.sessionId });
    await visible(row.getByRole('link', { name: customer.email, exact: true }));
    await row.getByRole('button', { name: `Settle ${lost.sessionId}`, exact: true }).click();
    await expect
      .poll(async () => (await me(customer.context)).credits, { timeout: UI_TIMEOUT_MS, interval: 250 })
      .toBe(STARTER + PRO + 100 + STARTER);
    await expect.poll(() => row.count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    expect(
      (await appCall<{ status: string }>(e2e, customer.context, 'GET', `/api/checkout/${lost.sessionId}`)).status,
    ).toBe('credited');
    // Her own status call afterwards (as the success page would make) adds nothing.
    expect((await me(customer.context)).credits).toBe(STARTER + PRO + 100 + STARTER);
  });
});
