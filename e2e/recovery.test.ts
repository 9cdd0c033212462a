// When the usual path breaks: a webhook that never arrives, and a live socket that drops while the
// success page is waiting. The user must still end up seeing the credit and the right balance.
import { describe, expect, it } from 'vitest';
import {
  buyPack,
  CARDS,
  controlLiveSocket,
  countNavigations,
  h1,
  h1History,
  hasText,
  header,
  landOnSuccessPage,
  liveReady,
  markDocument,
  me,
  paragraph,
  payByBankTransfer,
  payByCard,
  signUp,
  stillSameDocument,
  visible,
} from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

const en = COPY.en;
const STARTER = 1_000;

describe('recovering a purchase', () => {
  const e2e = useHarness();

  it('a webhook that is never delivered is still credited through the success page', async () => {
    // Every event is dropped; with no delay, one that was not dropped would have landed at once.
    await e2e.emulator.configure({ dropRate: 1, delayMs: 0 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'no-webhook');
    const sessionId = await buyPack(page, e2e.emulatorUrl, 'Starter');
    await payByCard(page, CARDS.pays);
    await landOnSuccessPage(page, e2e.appUrl, sessionId);

    await visible(h1(page, en.successCredited(STARTER)));
    await hasText(paragraph(page, /^New balance/), en.newBalance(STARTER));
    await hasText(header.balance(page), en.credits(STARTER));

    // The Worker never heard from Stripe: the page's own status call fulfilled it.
    const completed = await e2e.emulator.waitForSessionEvent(sessionId, 'checkout.session.completed');
    expect(await e2e.emulator.deliveries(completed.id)).toEqual([]);

    // And it is a real ledger entry: back home, the purchase is listed.
    await page.getByRole('link', { name: en.backHome, exact: true }).click();
    await visible(h1(page, en.homeTitle));
    const row = page.getByRole('region', { name: 'Recent activity' }).getByRole('row').filter({ hasText: en.purchase });
    await hasText(row.getByRole('cell').nth(2), '+1,000');
    await hasText(row.getByRole('cell').nth(3), '1,000');
    expect((await me(context)).credits).toBe(STARTER);
  });

  it('the live socket drops while the page waits; once it is back, the page and header show the credit', async () => {
    // Bank transfer: the page waits in "processing" (its status call can't credit an unpaid
    // session), and every webhook is held back (dropped) until the test sends it.
    await e2e.emulator.configure({ dropRate: 1, delayMs: 0, asyncSettleMs: 3_000 });
    const context = await e2e.context();
    const page = await context.newPage();
    const network = await controlLiveSocket(page);
    await signUp(page, 'socket-drop');
    const sessionId = await buyPack(page, e2e.emulatorUrl, 'Starter');
    await payByBankTransfer(page);
    await landOnSuccessPage(page, e2e.appUrl, sessionId);
    await markDocument(page);
    const navigations = countNavigations(page);
    await visible(h1(page, en.processingTitle));
    await liveReady(page);
    expect(network.openConnections()).toBe(1);

    // The transfer clears at Stripe (its webhook is dropped), then the network goes down.
    const settled = await e2e.emulator.waitForSessionEvent(sessionId, 'checkout.session.async_payment_succeeded');
    await network.down();
    await visible(header.offline(page));
    await expect.poll(network.openConnections).toBe(0); // the Worker's end is closed too

    // The credit commits while no socket listens: Stripe's webhook, sent now.
    await e2e.emulator.configure({ dropRate: 0, delayMs: 0 });
    await e2e.emulator.deliverEvent(settled.id);
    await e2e.emulator.waitForAcceptedDelivery(settled.id);
    expect((await me(context)).credits).toBe(STARTER);

    // The page can't know yet, and it keeps trying: wait for one refused reconnect.
    await expect.poll(network.refusedConnects, { timeout: 10_000, interval: 50 }).toBeGreaterThan(0);
    await visible(h1(page, en.processingTitle));
    await hasText(header.balance(page), en.credits(0));

    await network.up();
    await liveReady(page);
    expect(network.openConnections()).toBe(1);
    await visible(h1(page, en.successCredited(STARTER)));
    await hasText(paragraph(page, /^New balance/), en.newBalance(STARTER));
    await hasText(header.balance(page), en.credits(STARTER));

    const history = await h1History(page);
    expect(history.slice(-2)).toEqual([en.processingTitle, en.successCredited(STARTER)]);
    expect(
      history.every((text) => [en.successWaiting, en.processingTitle, en.successCredited(STARTER)].includes(text)),
    ).toBe(true);
    expect(navigations()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);
  });
});
