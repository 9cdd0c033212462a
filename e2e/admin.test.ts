// The operator console in a real browser against the dev stack: an operator (signed up, then
// promoted with the real `npm run admin -- grant` code pointed at this stack's D1) finds a user,
// grants 500 credits that the user's open tab shows live, refunds the user's purchase so both pages
// see the balance drop when Stripe's webhook lands, and finds both actions in the audit log; a
// non-operator gets a clear "not allowed".
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  buyPack,
  CARDS,
  h1,
  hasText,
  header,
  landOnSuccessPage,
  markDocument,
  payByCard,
  signUp,
  stillSameDocument,
  visible,
} from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';
import { grantOperator } from './support';

const en = COPY.en;
const STARTER = 1_000;

/** The console's words, written out (see copy.ts for why not imported). */
const ADMIN = {
  link: 'Admin',
  searchTitle: 'Find a user',
  searchLabel: 'Email (any part), user or external id, or a Stripe id (cs_, pi_, in_, cus_, sub_)',
  userTitle: (email: string) => `User ${email}`,
  balanceOf: (email: string) => `Balance of ${email}`,
  amount: 'Amount (credits)',
  reason: 'Internal reason (required; operators and the audit log only)',
  confirmGrant: (n: number, email: string) => `Grant ${n} credits to ${email}?`,
  granted: (n: number, balance: string) => `Granted ${n} credits. New balance: ${balance}.`,
  forbiddenTitle: 'Not allowed',
  forbiddenTitleZh: '无权访问',
};

/** What sticks out past the viewport's right edge (sideways scrolling): empty when nothing does. */
const pageOverflows = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-wrap table'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
      .slice(0, 8);
  });

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('the operator console', () => {
  const e2e = useHarness();

  it('finds a user, grants 500 live, refunds a purchase seen by both, and audits both with the operator', async () => {
    // The user: signs up and buys Starter (1,000 credits), then keeps home open.
    const userContext = await e2e.context();
    const userTab = await userContext.newPage();
    const { email: userEmail } = await signUp(userTab, 'customer');
    const sessionId = await buyPack(userTab, e2e.emulatorUrl, 'Starter');
    await payByCard(userTab, CARDS.pays);
    await landOnSuccessPage(userTab, e2e.appUrl, sessionId);
    await hasText(header.balance(userTab), en.credits(STARTER));
    await userTab.goto('/en');
    await visible(h1(userTab, en.homeTitle));
    await visible(header.live(userTab));
    await markDocument(userTab);

    // The operator: signs up (no console link yet), is promoted by the CLI, and sees it.
    const opContext = await e2e.context();
    const op = await opContext.newPage();
    const { email: opEmail } = await signUp(op, 'operator');
    expect(await mainNav(op).getByRole('link', { name: ADMIN.link }).count()).toBe(0);
    grantOperator(opEmail);
    await op.reload();
    // As a person would: the reloaded page is on screen (its words loaded) before the click.
    await visible(h1(op, en.homeTitle));
    await mainNav(op).getByRole('link', { name: ADMIN.link, exact: true }).click();
    await visible(h1(op, ADMIN.searchTitle));

    // Search by email prefix → the user's page, balance shown live.
    await op.getByLabel(ADMIN.searchLabel).fill(userEmail.slice(0, 20));
    await op.getByRole('button', { name: 'Search', exact: true }).click();
    await op.getByRole('link', { name: userEmail, exact: true }).click();
    await visible(h1(op, ADMIN.userTitle(userEmail)));
    const opBalance = op.getByRole('status', { name: ADMIN.balanceOf(userEmail), exact: true });
    await hasText(opBalance, en.credits(STARTER));
    await visible(op.getByText('Live', { exact: true }));
    await markDocument(op);

    // Grant 500 with a reason: review states amount and user; a double click on confirm grants once.
    await op.getByLabel(ADMIN.amount).fill('500');
    await op.getByLabel(ADMIN.reason).fill('Outage compensation');
    await op.getByRole('button', { name: 'Review', exact: true }).click();
    await visible(op.getByText(ADMIN.confirmGrant(500, userEmail), { exact: true }));
    // Focus follows the step: onto the question, then (after the answer) onto the outcome.
    expect(await focusedText(op)).toBe(ADMIN.confirmGrant(500, userEmail));
    await op.getByRole('button', { name: 'Confirm grant', exact: true }).dblclick();
    await visible(op.getByText(ADMIN.granted(500, en.credits(1_500)), { exact: true }));
    expect(await focusedText(op)).toBe(ADMIN.granted(500, en.credits(1_500)));

    // The user's open tab shows it arrive, pushed live (no reload); so does the operator's page.
    await hasText(header.balance(userTab), en.credits(1_500));
    await visible(userTab.getByRole('cell', { name: '+500', exact: true }));
    expect(await stillSameDocument(userTab)).toBe(true);
    await hasText(opBalance, en.credits(1_500));
    const ledger = (await (await userContext.request.get('/api/credits/ledger')).json()) as {
      entries: { kind: string; delta: number }[];
    };
    expect(ledger.entries.filter((e) => e.kind === 'grant')).toEqual([expect.objectContaining({ delta: 500 })]);

    // Refund the purchase in full: Stripe's webhook claws the 1,000 back; both pages drop to 500.
    await op.getByRole('button', { name: `Refund ${sessionId}`, exact: true }).click();
    await op.getByLabel(ADMIN.reason).last().fill('Customer asked for a refund');
    await op.getByRole('button', { name: 'Review', exact: true }).last().click();
    await visible(op.getByText(new RegExp(`^Refund .+ of ${userEmail}’s purchase through Stripe\\?$`)));
    await op.getByRole('button', { name: 'Confirm refund', exact: true }).click();
    await visible(op.getByText(/^Refund re_\w+ sent to Stripe\./));
    await hasText(header.balance(userTab), en.credits(500));
    await hasText(opBalance, en.credits(500));
    expect(await stillSameDocument(userTab)).toBe(true);
    expect(await stillSameDocument(op)).toBe(true);

    // The audit log lists both actions, each with the operator's email.
    await op.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit', exact: true }).click();
    await visible(h1(op, 'Audit log'));
    // Other files on this stack grant too (the service API's key, other operators): this operator's rows only.
    const grantRow = op.getByRole('row').filter({ hasText: 'credits.grant' }).filter({ hasText: opEmail });
    const refundRow = op.getByRole('row').filter({ hasText: 'purchase.refund' }).filter({ hasText: sessionId });
    await visible(grantRow);
    await expect.poll(() => grantRow.count()).toBe(1);
    expect(await grantRow.textContent()).toContain(opEmail);
    expect(await grantRow.textContent()).toContain('reason: Outage compensation');
    await visible(refundRow);
    expect(await refundRow.count()).toBe(1);
    expect(await refundRow.textContent()).toContain(opEmail);
    expect(await refundRow.textContent()).toContain(sessionId);

    // On a phone the tables scroll inside their own box: the page itself never scrolls sideways.
    await op.setViewportSize({ width: 360, height: 740 });
    expect(await pageOverflows(op)).toEqual([]);
    await op.goBack();
    await visible(h1(op, ADMIN.userTitle(userEmail)));
    expect(await pageOverflows(op)).toEqual([]);
  });

  it('keys: a new secret is shown once with a copy button and a warning, revoking asks first; events and reconciliation read', async () => {
    const context = await e2e.context();
    const op = await context.newPage();
    const { email } = await signUp(op, 'key-operator');
    grantOperator(email);
    await op.goto('/en/admin/keys');
    await visible(h1(op, 'API keys'));

    // An empty name is refused at the field, described by its error.
    await op.getByRole('button', { name: 'Create key', exact: true }).click();
    const name = op.getByLabel('Name of the new key');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await visible(op.getByText('Required.', { exact: true }));

    const keyName = `render farm ${Date.now().toString(36)}`;
    await name.fill(keyName);
    await op.getByRole('button', { name: 'Create key', exact: true }).click();
    await visible(op.getByRole('heading', { name: `The secret of ${keyName}` }));
    await visible(op.getByText('Copy it now: it will not be shown again.', { exact: true }));
    const secret = (await op.getByText(/^cck_/).textContent())?.trim() ?? '';
    expect(secret).toMatch(/^cck_[A-Za-z0-9_-]{40,}$/);
    await visible(op.getByRole('button', { name: 'Copy', exact: true }));
    // The key works for the service API until revoked (the secret shown is the real one).
    const who = await context.request.get('/api/v1/users/nobody', { headers: { authorization: `Bearer ${secret}` } });
    expect(who.status()).toBe(404);

    // Reloaded, the secret is gone for good; the key is listed.
    await op.reload();
    await visible(op.getByRole('cell', { name: keyName, exact: true }));
    expect(await op.getByText(/^cck_/).count()).toBe(0);

    await op.getByRole('button', { name: `Revoke ${keyName}`, exact: true }).click();
    await visible(op.getByText(`Revoke the key ${keyName}? Apps using it stop working at once.`, { exact: true }));
    await op.getByRole('button', { name: 'Confirm revoke', exact: true }).click();
    await visible(op.getByText(`Key ${keyName} revoked.`, { exact: true }));
    await visible(
      op
        .getByRole('row')
        .filter({ hasText: keyName })
        .getByText(/^revoked /),
    );
    const after = await context.request.get('/api/v1/users/nobody', { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status()).toBe(401);

    // Events and reconciliation answer (whatever this stack holds), with their headings, no error.
    await op.getByRole('link', { name: 'Events', exact: true }).click();
    await visible(h1(op, 'Stripe events'));
    await op.getByRole('link', { name: 'Reconciliation', exact: true }).click();
    await visible(h1(op, 'Reconciliation'));
    await visible(op.getByRole('heading', { name: 'Paid but not credited', level: 2 }));
    await visible(op.getByText(/^Stripe’s checkout sessions since .+ against the ledger\.$/));
    expect(await op.getByRole('alert').count()).toBe(0);
  });

  it('a signed-in non-operator gets a clear "not allowed" page, in English and Chinese, and no console link', async () => {
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'not-operator');
    expect(await mainNav(page).getByRole('link', { name: ADMIN.link }).count()).toBe(0);
    await page.goto('/en/admin');
    await visible(h1(page, ADMIN.forbiddenTitle));
    await visible(page.getByText(/your account is not one/));
    await page.goto('/zh/admin/audit');
    await visible(h1(page, ADMIN.forbiddenTitleZh));
    expect(await page.getByRole('table').count()).toBe(0);
    const api = await context.request.get('/api/admin/audit');
    expect(api.status()).toBe(403);
  });
});
