// Buying credits in a real browser against the real dev stack: the card happy path (seen live in
// two tabs), a declined card, and a bank transfer that settles a few seconds later.
import { describe, expect, it } from 'vitest';
import {
  buyPack,
  CARDS,
  countNavigations,
  h1,
  h1History,
  hasText,
  header,
  holdStatusCalls,
  landOnSuccessPage,
  liveReady,
  markDocument,
  me,
  paragraph,
  payByBankTransfer,
  payByCard,
  screenshot,
  signUp,
  stillSameDocument,
  visible,
} from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

const en = COPY.en;
const STARTER = 1_000;

describe('buying credits', () => {
  const e2e = useHarness();

  it('card: the success page waits, then shows the credit live, in this tab and another, without a reload', async () => {
    // The webhook is held back (recorded, not sent) until the test releases it.
    await e2e.emulator.configure({ dropRate: 1 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'card');

    // A second tab on home, open (and live) before paying.
    const otherTab = await context.newPage();
    await otherTab.goto('/en');
    await visible(h1(otherTab, en.homeTitle));
    await hasText(header.balance(otherTab), en.credits(0));
    await liveReady(otherTab);
    await markDocument(otherTab);
    const otherTabNavigations = countNavigations(otherTab);

    const statusCalls = await holdStatusCalls(page);
    const sessionId = await buyPack(page, e2e.emulatorUrl, 'Starter');
    expect(sessionId).toMatch(/^cs_/);
    await payByCard(page, CARDS.pays);
    await landOnSuccessPage(page, e2e.appUrl, sessionId);
    await markDocument(page);
    const navigations = countNavigations(page);

    // Paid, not credited yet: the page says so, and the header still shows 0, while it listens live.
    await visible(h1(page, en.successWaiting));
    await liveReady(page);
    await hasText(header.balance(page), en.credits(0));
    await expect.poll(statusCalls.held).toBeGreaterThan(0); // it did ask; the answer is on hold

    // Now Stripe's webhook arrives (signed, through the emulator's delivery path).
    const completed = await e2e.emulator.waitForSessionEvent(sessionId, 'checkout.session.completed');
    await e2e.emulator.configure({ dropRate: 0, delayMs: 0 });
    await e2e.emulator.deliverEvent(completed.id);
    await e2e.emulator.waitForAcceptedDelivery(completed.id);

    // The push alone turns the page (its status calls are still on hold).
    await visible(h1(page, en.successCredited(STARTER)));
    await hasText(paragraph(page, /^New balance/), en.newBalance(STARTER));
    await hasText(header.balance(page), en.credits(STARTER));
    await expect.poll(() => page.getByText(en.announce(STARTER, STARTER), { exact: true }).count()).toBe(1);
    statusCalls.release();

    expect(await h1History(page)).toEqual([en.successWaiting, en.successCredited(STARTER)]);
    expect(page.url()).toBe(`${e2e.appUrl}/en/payment/success?session_id=${sessionId}`);
    expect(navigations()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);

    // The other tab got the same push: header and ledger, no reload.
    await hasText(header.balance(otherTab), en.credits(STARTER));
    const ledgerRow = otherTab
      .getByRole('region', { name: 'Recent activity' })
      .getByRole('row')
      .filter({ hasText: en.purchase });
    await visible(ledgerRow);
    await hasText(ledgerRow.getByRole('cell').nth(2), '+1,000');
    expect(otherTabNavigations()).toBe(0);
    expect(await stillSameDocument(otherTab)).toBe(true);

    expect((await me(context)).credits).toBe(STARTER);
    // The success page in its credited state, for the docs (the count-up has landed: "1,000 credits" above).
    await page.bringToFront();
    await screenshot(page, 'success-page.png');
  });

  it('a declined card shows the decline on the hosted page and credits nothing', async () => {
    await e2e.emulator.configure({ delayMs: 0 }); // anything wrongly emitted would land at once
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'declined');
    const sessionId = await buyPack(page, e2e.emulatorUrl, 'Starter');

    await payByCard(page, CARDS.declined);
    await hasText(page.getByRole('alert'), 'Your card was declined.');
    expect(new URL(page.url()).pathname).toBe(`/c/pay/${sessionId}`); // still on the hosted page

    // Back to the shop: nothing was charged, nothing credited.
    await page.getByRole('link', { name: '← Back' }).click();
    await visible(h1(page, en.cancelTitle));
    await hasText(header.balance(page), en.credits(0));
    await liveReady(page); // the number is the live snapshot, not a stale one
    expect((await me(context)).credits).toBe(0);
    const status = await context.request.get(`/api/checkout/${sessionId}`);
    expect(await status.json()).toMatchObject({ sessionId, status: 'open', balance: 0 });
    expect(await e2e.emulator.sessionEvents(sessionId)).toEqual([]);
  });

  it('bank transfer: the success page says processing, then shows the credit when it settles, without a reload', async () => {
    await e2e.emulator.configure({ delayMs: 0, asyncSettleMs: 3_000 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'bank');
    const sessionId = await buyPack(page, e2e.emulatorUrl, 'Starter');

    await payByBankTransfer(page);
    await landOnSuccessPage(page, e2e.appUrl, sessionId);
    await markDocument(page);
    const navigations = countNavigations(page);

    await visible(h1(page, en.processingTitle));
    await visible(paragraph(page, en.processingBody));
    await visible(paragraph(page, en.paymentReference(sessionId)));
    await hasText(header.balance(page), en.credits(0));

    // The emulator settles the transfer ~3 s after paying and delivers async_payment_succeeded.
    await visible(h1(page, en.successCredited(STARTER)));
    const settled = await e2e.emulator.waitForSessionEvent(sessionId, 'checkout.session.async_payment_succeeded');
    await e2e.emulator.waitForAcceptedDelivery(settled.id);
    await hasText(paragraph(page, /^New balance/), en.newBalance(STARTER));
    await hasText(header.balance(page), en.credits(STARTER));

    const history = await h1History(page);
    expect(history.slice(-2)).toEqual([en.processingTitle, en.successCredited(STARTER)]);
    expect(
      history.every((text) => [en.successWaiting, en.processingTitle, en.successCredited(STARTER)].includes(text)),
    ).toBe(true);
    expect(navigations()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);
    expect((await me(context)).credits).toBe(STARTER);
  });
});
