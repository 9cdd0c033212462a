// The Chinese site end to end: sign up, buy and land on /zh/payment/success, which speaks Chinese
// in both of its states (waiting, then credited).
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
  liveReady,
  me,
  paragraph,
  payByCard,
  signUp,
  visible,
} from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

const zh = COPY.zh;
const STARTER = 1_000;

describe('the zh locale', () => {
  const e2e = useHarness();

  it('the success page shows the waiting and credited states in Chinese', async () => {
    // No webhook: the page's own status call does the crediting once the test lets it through.
    await e2e.emulator.configure({ dropRate: 1 });
    const context = await e2e.context('zh');
    const page = await context.newPage();
    await signUp(page, 'zh', 'zh');
    const statusCalls = await holdStatusCalls(page);
    const sessionId = await buyPack(page, e2e.emulatorUrl, '入门包', 'zh'); // the pack's Chinese name
    await payByCard(page, CARDS.pays);
    await landOnSuccessPage(page, e2e.appUrl, sessionId, 'zh');

    await visible(h1(page, zh.successWaiting));
    expect(await page.title()).toBe(zh.pageTitleSuccess);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await hasText(header.balance(page, 'zh'), zh.credits(0));
    await liveReady(page, 'zh');

    statusCalls.release();
    await visible(h1(page, zh.successCredited(STARTER)));
    await hasText(paragraph(page, /^新余额/), zh.newBalance(STARTER));
    await hasText(header.balance(page, 'zh'), zh.credits(STARTER));
    await visible(page.getByRole('link', { name: zh.backHome, exact: true }));
    await expect.poll(() => page.getByText(zh.announce(STARTER, STARTER), { exact: true }).count()).toBe(1);
    expect(await h1History(page)).toEqual([zh.successWaiting, zh.successCredited(STARTER)]);
    expect((await me(context)).credits).toBe(STARTER);
  });
});
