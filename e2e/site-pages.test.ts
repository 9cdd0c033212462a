// The pages around a purchase: a reloaded success page says "already added" (no replay), the
// checkout's back link after paying says "you were charged", the history page (rows that say what
// they were, load more, filter, CSV export, phone width) and the landing page in en and zh.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  buyPack,
  CARDS,
  h1,
  h1History,
  hasText,
  header,
  holdStatusCalls,
  landOnSuccessPage,
  paragraph,
  payByCard,
  signUp,
  visible,
} from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';
import { PAGES_COPY } from './pages-copy';

const en = COPY.en;
const pen = PAGES_COPY.en;
const STARTER = 1_000;

/** Buys Starter with the card that pays and waits for the success page to show the credit. */
async function buyStarter(page: Page, emulatorUrl: string, appUrl: string): Promise<string> {
  const sessionId = await buyPack(page, emulatorUrl, 'Starter');
  await payByCard(page, CARDS.pays);
  await landOnSuccessPage(page, appUrl, sessionId);
  await visible(h1(page, en.successCredited(STARTER)));
  return sessionId;
}

/** Spends through the API as the page would (same origin), with a reason of our choosing. */
async function spend(page: Page, appUrl: string, amount: number, reason: string): Promise<void> {
  const res = await page.context().request.post('/api/credits/spend', {
    headers: { origin: appUrl },
    data: { amount, reason, idempotencyKey: crypto.randomUUID() },
  });
  expect(res.status()).toBe(200);
}

describe('the pages around a purchase', () => {
  const e2e = useHarness();

  it('reloading the success page shows the credit as already added, with when, and replays nothing', async () => {
    await e2e.emulator.configure({ delayMs: 0 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'reload');
    const sessionId = await buyStarter(page, e2e.emulatorUrl, e2e.appUrl);
    await expect.poll(() => page.title()).toBe(pen.titleCredited(STARTER));
    await expect.poll(() => page.getByText(en.announce(STARTER, STARTER), { exact: true }).count()).toBe(1);

    await page.reload();
    await visible(h1(page, pen.alreadyHeading(STARTER)));
    await visible(paragraph(page, pen.alreadyWhen));
    await expect.poll(() => page.title()).toBe(pen.titleAlready(STARTER));
    await hasText(header.balance(page), en.credits(STARTER));
    // Nothing of the first visit comes back: no "+1,000", no count-up, no announcement.
    // The only headings after the reload: "checking", then "already added" (not "adding your credits").
    const headings = await h1History(page);
    expect(headings.at(-1)).toBe(pen.alreadyHeading(STARTER));
    expect(headings.every((h) => [pen.checking, pen.alreadyHeading(STARTER)].includes(h))).toBe(true);
    expect(await page.getByText(/^New balance/).count()).toBe(0);
    expect(await page.getByText(en.announce(STARTER, STARTER), { exact: true }).count()).toBe(0);
    expect(page.url()).toBe(`${e2e.appUrl}/en/payment/success?session_id=${sessionId}`);
  });

  it('the checkout’s back link after paying says you were charged and where the credits are', async () => {
    await e2e.emulator.configure({ delayMs: 0 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'cancel-paid');
    const sessionId = await buyStarter(page, e2e.emulatorUrl, e2e.appUrl);

    // Back on Stripe's page (the browser's back button, or the link in the email), then "← Back".
    await page.goto(`${e2e.emulatorUrl}/c/pay/${sessionId}`);
    await visible(page.getByRole('heading', { name: 'Payment complete' }));
    await page.getByRole('link', { name: '← Back' }).click();
    await page.waitForURL(`${e2e.appUrl}/en/payment/cancel?session_id=${sessionId}`);
    await visible(h1(page, pen.chargedTitle));
    await visible(paragraph(page, pen.chargedBody(STARTER)));
    await hasText(header.balance(page), en.credits(STARTER));
    await page.getByRole('link', { name: pen.seeHistory, exact: true }).click();
    await visible(h1(page, pen.historyTitle));
  });

  it('history: rows say what they were; load more, filter, export CSV; nothing off-screen on a phone', async () => {
    await e2e.emulator.configure({ delayMs: 0 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'history');
    const sessionId = await buyStarter(page, e2e.emulatorUrl, e2e.appUrl);
    for (let i = 1; i <= 20; i++) await spend(page, e2e.appUrl, 1, `render ${i}`);
    await spend(page, e2e.appUrl, 5, 'poster, "final" cut');

    // From home's activity, "See all history".
    await page.goto('/en');
    await page.getByRole('link', { name: pen.seeAll, exact: true }).click();
    await visible(h1(page, pen.historyTitle));
    const list = page.getByRole('list', { name: pen.historyTitle });
    const rows = list.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(20);
    const newest = (await rows.first().textContent()) ?? '';
    expect(newest).toContain('Spend · poster, "final" cut');
    expect(newest).toContain('-5');
    expect(newest).toContain('Balance after 975');
    await hasText(page.getByRole('status').filter({ hasText: 'entries shown' }), pen.shown(20));

    await page.getByRole('button', { name: pen.loadMore, exact: true }).click();
    await expect.poll(() => rows.count()).toBe(22);
    await hasText(page.getByRole('status').filter({ hasText: 'entries shown' }), pen.shown(22));
    expect(await page.getByRole('button', { name: pen.loadMore, exact: true }).count()).toBe(0);
    const purchase = rows.last();
    await expect.poll(() => purchase.textContent()).toContain(pen.starterPack);
    expect(await purchase.textContent()).toContain(pen.paid);
    const receipt = purchase.getByRole('link', { name: pen.receipt });
    expect(await receipt.getAttribute('href')).toBe(`/api/receipts/${sessionId}`);
    // The Worker asks Stripe for the charge's receipt and redirects there (a new tab).
    const [receiptTab] = await Promise.all([context.waitForEvent('page'), receipt.click()]);
    await receiptTab.waitForURL((url) => url.href.startsWith(`${e2e.emulatorUrl}/receipts/payment/ch_`));
    await visible(receiptTab.getByText('$10.00').first());
    await receiptTab.close();

    // Filter: purchases only (kept in the URL).
    await page.getByLabel(pen.filter).selectOption('purchase');
    await page.waitForURL(/\/en\/history\?kind=purchase$/);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(pen.starterPack);

    // Export: what the page shows, with its filter (purchases only here); then everything.
    const exportCsv = async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: pen.exportCsv, exact: true }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('creditcast-history.csv');
      return readFileSync((await download.path())!, 'utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
    };
    const purchases = await exportCsv();
    expect(purchases).toHaveLength(1 + 1);
    expect(purchases[1]).toMatch(new RegExp(`,purchase,Starter pack,1000,1000,10.00,USD,${sessionId}$`));
    await page.getByLabel(pen.filter).selectOption('');
    await page.waitForURL(/\/en\/history$/);
    await expect.poll(() => rows.count()).toBe(20);
    const lines = await exportCsv();
    expect(lines[0]).toBe('date,kind,description,credits,balance_after,amount_paid,currency,reference');
    expect(lines).toHaveLength(1 + 22);
    expect(lines[1]).toMatch(/,spend,"poster, ""final"" cut",-5,975,,,"poster, ""final"" cut"$/);
    expect(lines[22]).toMatch(new RegExp(`,purchase,Starter pack,1000,1000,10.00,USD,${sessionId}$`));

    // A phone: every row's amounts are on screen, nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/en/history');
    await expect.poll(() => rows.count()).toBe(20);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const text of ['Balance after 975', 'Change: -5']) {
      const box = await rows.first().getByText(text, { exact: true }).boundingBox();
      expect(box && box.x + box.width, text).toBeLessThanOrEqual(390);
    }
    // The header links to it too.
    await visible(page.getByRole('link', { name: pen.historyNav, exact: true }));
  });

  it('after 60 s the success page offers support, and the short reference copies the full id', async () => {
    await e2e.emulator.configure({ dropRate: 1 }); // no webhook: the page waits
    const context = await e2e.context();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.appUrl });
    const page = await context.newPage();
    await signUp(page, 'slow');
    const statusCalls = await holdStatusCalls(page); // and its own status call cannot credit it either
    await page.clock.install();
    const sessionId = await buyPack(page, e2e.emulatorUrl, 'Starter');
    await payByCard(page, CARDS.pays);
    await landOnSuccessPage(page, e2e.appUrl, sessionId);
    await visible(h1(page, en.successWaiting));
    await expect.poll(() => page.title()).toBe(en.pageTitleSuccess);

    await page.clock.fastForward('01:01');
    await visible(paragraph(page, pen.reference(sessionId)));
    const support = page.getByRole('link', { name: pen.supportLink, exact: true });
    await visible(support);
    const mailto = new URL((await support.getAttribute('href'))!);
    expect(mailto.protocol).toBe('mailto:');
    expect(mailto.pathname).toBe('support@creditcast.example');
    expect(mailto.searchParams.get('subject')).toBe(`Payment ${sessionId} not credited`);

    await page.getByRole('button', { name: pen.copyReference, exact: true }).click();
    await hasText(page.getByRole('status').filter({ hasText: pen.copied }), pen.copied);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(sessionId);
    statusCalls.release();
  });

  for (const lang of ['en', 'zh'] as const) {
    it(`a signed-out visitor lands on what the site is, its packs and their value (${lang})`, async () => {
      const words = PAGES_COPY[lang];
      const context = await e2e.context(lang);
      const page = await context.newPage();
      await page.goto(`/${lang}`);
      await visible(h1(page, words.landingTitle));
      await visible(paragraph(page, words.typical));
      await visible(paragraph(page, words.creatorBonus));
      await visible(paragraph(page, words.studioBonus));
      // The plans, with what a month of credits buys and the rollover said plainly.
      const plans = page.getByRole('region', { name: words.plansTitle });
      await visible(plans.getByText(words.proCredits, { exact: true }));
      await visible(plans.getByText(words.proVideos, { exact: true }));
      await visible(plans.getByText(words.studioRollover, { exact: true }));
      expect(new URL(page.url()).pathname).toBe(`/${lang}`);
      await page.getByRole('link', { name: words.signUp, exact: true }).click();
      await visible(h1(page, COPY[lang].signupTitle));
      await page.goBack();
      await page.getByRole('main').getByRole('link', { name: words.signIn, exact: true }).click();
      await page.waitForURL(new RegExp(`/${lang}/signin$`));
    });
  }
});
