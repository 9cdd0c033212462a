// Email in a real browser, read back through the stack's mail catcher (tools/mail-catcher): "Forgot
// password?" on sign-in → the emailed link → a new password → signed in with it, and the session the
// user had before is gone; and a pack bought on /zh brings a receipt written in Chinese.
import { describe, expect, inject, it } from 'vitest';
import { buyPack, CARDS, h1, landOnSuccessPage, PASSWORD, payByCard, signUp, UI_TIMEOUT_MS, visible } from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

/** The words these tests expect, written out (see copy.ts for why not imported). */
const WORDS = {
  forgotLink: 'Forgot password?',
  forgotTitle: 'Reset your password',
  forgotSubmit: 'Send the link',
  sent: 'a link to reset its password is on its way',
  resetTitle: 'Choose a new password',
  newPassword: 'New password',
  resetSubmit: 'Set the new password',
  done: 'Your password is changed',
  signInAgain: 'Sign in with the new password',
  signinTitle: 'Sign in',
};
const NEW_PASSWORD = 'a fresh passphrase from the email';

interface Mail {
  subject: string;
  text: string;
  html: string;
}

/** The mail to `to`, newest first, once `count` arrived (the catcher waits up to 20 s for it). */
async function mailTo(to: string, count: number): Promise<Mail[]> {
  const res = await fetch(`${inject('mailCatcherUrl')}/api/messages?to=${encodeURIComponent(to)}&count=${count}`);
  const { messages } = (await res.json()) as { messages: Mail[] };
  expect(res.status, `mail to ${to}: ${JSON.stringify(messages)}`).toBe(200);
  return messages;
}

describe('email', () => {
  const e2e = useHarness();

  it('forgot password → the emailed link → a new password signs in, and the old session is gone', async () => {
    const before = await (await e2e.context()).newPage();
    const { email } = await signUp(before, 'reset');

    const page = await (await e2e.context()).newPage();
    await page.goto('/en/signin');
    await visible(h1(page, WORDS.signinTitle));
    await page.getByRole('link', { name: WORDS.forgotLink, exact: true }).click();
    await visible(h1(page, WORDS.forgotTitle));
    await page.getByLabel(COPY.en.email, { exact: true }).fill(email);
    await page.getByRole('button', { name: WORDS.forgotSubmit, exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: WORDS.sent }));

    const [mail] = await mailTo(email, 1);
    const link = /(http\S+\/en\/reset-password\?token=[0-9a-f]{64})/.exec(mail?.text ?? '')?.[1];
    expect(link, mail?.text).toBeDefined();
    expect(new URL(link!).origin).toBe(e2e.appUrl);

    await page.goto(link!);
    await visible(h1(page, WORDS.resetTitle));
    await page.getByLabel(WORDS.newPassword, { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: WORDS.resetSubmit, exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: WORDS.done }));

    // The browser that was signed in before the reset is signed out.
    expect((await before.request.get('/api/auth/me')).status()).toBe(401);

    await page.getByRole('link', { name: WORDS.signInAgain, exact: true }).click();
    await visible(h1(page, WORDS.signinTitle));
    await page.getByLabel(COPY.en.email, { exact: true }).fill(email);
    await page.getByLabel(COPY.en.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: WORDS.signinTitle, exact: true }).click();
    await visible(page.getByRole('alert'));
    await page.getByLabel(COPY.en.password, { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: WORDS.signinTitle, exact: true }).click();
    await visible(h1(page, COPY.en.homeTitle), UI_TIMEOUT_MS);

    // The used link does not work twice.
    await page.goto(link!);
    await page.getByLabel(WORDS.newPassword, { exact: true }).fill('another passphrase again');
    await page.getByRole('button', { name: WORDS.resetSubmit, exact: true }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'not valid any more' }));
  });

  it('a pack bought on /zh brings one receipt in Chinese', async () => {
    const page = await (await e2e.context('zh')).newPage();
    const { email } = await signUp(page, 'receipt-zh', 'zh');
    const sessionId = await buyPack(page, e2e.emulatorUrl, '入门包', 'zh');
    await payByCard(page, CARDS.pays);
    await landOnSuccessPage(page, e2e.appUrl, sessionId, 'zh');
    const [receipt] = await mailTo(email, 1);
    expect(receipt?.subject).toBe('您的收据：1,000 积分');
    expect(receipt?.text).toContain('感谢您购买入门包。');
    expect(receipt?.text).toContain(`${e2e.appUrl}/api/receipts/${sessionId}`);
  });
});
