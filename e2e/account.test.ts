// The account in a real browser: sign-up's per-field errors (marked, described, focused) and
// sign-in's one focused message; the account page changing the password (another browser is signed
// out), signing out everywhere else (in Chinese), and deleting the account at phone width (then
// signing in fails and the same email signs up again).
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { h1, hasText, header, PASSWORD, signUp, uniqueEmail, visible } from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

const en = COPY.en;
/** The words these tests expect, written out (see copy.ts for why not imported). */
const WORDS = {
  signinTitle: 'Sign in',
  signinSubmit: 'Sign in',
  badCredentials: 'That email and password do not match an account.',
  emailInvalid: 'Enter a valid email address, like name@example.com.',
  passwordShort: 'Use at least 8 characters.',
  emailTaken: 'An account with this email already exists. Sign in instead.',
  accountLink: 'Account',
  accountTitle: 'Your account',
  currentPassword: 'Current password',
  newPassword: 'New password',
  changePassword: 'Change password',
  changed: 'Password changed. Other sessions signed out: 1.',
  deletePassword: 'Password to confirm',
  deleteSubmit: 'Delete my account',
  deleteConfirm: 'Yes, delete my account',
  wrongPassword: 'That is not your current password. Try again.',
  goodbye: 'Your account is deleted',
  zh: {
    accountTitle: '我的账户',
    sessionsTitle: '活跃会话',
    thisDevice: '当前设备',
    signOutOthers: '退出所有其他设备',
    othersDone: '已退出 1 个其他会话。',
    signinTitle: '登录',
  },
};

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

/** The field's error sentence as the screen reader gets it: through aria-describedby. */
async function description(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

async function signInForm(page: Page, email: string, password: string, lang: 'en' | 'zh' = 'en'): Promise<void> {
  await page.goto(`/${lang}/signin`);
  await visible(h1(page, lang === 'en' ? WORDS.signinTitle : WORDS.zh.signinTitle));
  await page.getByLabel(COPY[lang].email, { exact: true }).fill(email);
  await page.getByLabel(COPY[lang].password, { exact: true }).fill(password);
  await page
    .getByRole('button', { name: lang === 'en' ? WORDS.signinSubmit : WORDS.zh.signinTitle, exact: true })
    .click();
}

/** A second browser signed in as the same user, on home. */
async function secondBrowser(context: BrowserContext, email: string, lang: 'en' | 'zh' = 'en'): Promise<Page> {
  const page = await context.newPage();
  await signInForm(page, email, PASSWORD, lang);
  await visible(h1(page, COPY[lang].homeTitle));
  return page;
}

/** A page whose session has ended lands on sign-in at its next load. */
async function expectSignedOut(page: Page, lang: 'en' | 'zh' = 'en'): Promise<void> {
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  await page.goto(`/${lang}/account`);
  await visible(h1(page, lang === 'en' ? WORDS.signinTitle : WORDS.zh.signinTitle));
}

describe('sign-up and sign-in errors', () => {
  const e2e = useHarness();

  it('marks a bad email and a short password each under its field and focuses the first; maps 409 to the email', async () => {
    const page = await (await e2e.context()).newPage();
    await page.goto('/en/signup');
    await visible(h1(page, en.signupTitle));
    const email = page.getByLabel(en.email, { exact: true });
    const password = page.getByLabel(en.password, { exact: true });
    await email.fill('not-an-email');
    await password.fill('short');
    await page.getByRole('button', { name: en.signupSubmit, exact: true }).click();

    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, en.email)).toBe(WORDS.emailInvalid);
    expect(await description(page, en.password)).toContain(WORDS.passwordShort);
    expect(await focusedId(page)).toBe(await email.getAttribute('id'));

    // Fix the email only: the password is now the first bad field.
    await email.fill(uniqueEmail('fields'));
    await page.getByRole('button', { name: en.signupSubmit, exact: true }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBeNull();
    expect(await focusedId(page)).toBe(await password.getAttribute('id'));

    // The server's 409 lands under the email field.
    const { email: taken } = await signUp(await (await e2e.context()).newPage(), 'taken');
    await email.fill(taken);
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: en.signupSubmit, exact: true }).click();
    await expect.poll(() => description(page, en.email)).toBe(WORDS.emailTaken);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-invalid')).toBeNull();
    expect(await focusedId(page)).toBe(await email.getAttribute('id'));
  });

  it("sign-in's one message is an alert and takes focus", async () => {
    const page = await (await e2e.context()).newPage();
    await signInForm(page, uniqueEmail('nobody'), 'wrong password!');
    await visible(page.getByRole('alert').filter({ hasText: WORDS.badCredentials }));
    expect(await focusedText(page)).toBe(WORDS.badCredentials);
  });
});

describe('the account page', () => {
  const e2e = useHarness();

  it('changing the password signs out the other browser; only the new password works', async () => {
    const page = await (await e2e.context()).newPage();
    const { email } = await signUp(page, 'chpw');
    const other = await secondBrowser(await e2e.context(), email);

    await page.getByRole('link', { name: WORDS.accountLink, exact: true }).click();
    await visible(h1(page, WORDS.accountTitle));
    await visible(page.getByText(email, { exact: true }));
    await page.getByLabel(WORDS.currentPassword, { exact: true }).fill('not my password');
    await page.getByLabel(WORDS.newPassword, { exact: true }).fill('a brand new secret');
    await page.getByRole('button', { name: WORDS.changePassword, exact: true }).click();
    await expect.poll(() => description(page, WORDS.currentPassword)).toBe(WORDS.wrongPassword);
    expect(await focusedId(page)).toBe('current-password');

    await page.getByLabel(WORDS.currentPassword, { exact: true }).fill(PASSWORD);
    await page.getByLabel(WORDS.newPassword, { exact: true }).fill('a brand new secret');
    await page.getByRole('button', { name: WORDS.changePassword, exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: WORDS.changed }));

    await expectSignedOut(other);
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);
    await signInForm(other, email, PASSWORD);
    await visible(other.getByRole('alert').filter({ hasText: WORDS.badCredentials }));
    await signInForm(other, email, 'a brand new secret');
    await visible(h1(other, en.homeTitle));
  });

  it('lists the sessions and signs out everywhere else, in Chinese', async () => {
    const page = await (await e2e.context('zh')).newPage();
    const { email } = await signUp(page, 'others', 'zh');
    const other = await secondBrowser(await e2e.context('zh'), email, 'zh');

    await page.goto('/zh/account');
    await visible(h1(page, WORDS.zh.accountTitle));
    const sessions = page.getByRole('region', { name: WORDS.zh.sessionsTitle }).getByRole('listitem');
    await expect.poll(() => sessions.count()).toBe(2);
    await expect.poll(() => sessions.filter({ hasText: WORDS.zh.thisDevice }).count()).toBe(1);
    await page.getByRole('button', { name: WORDS.zh.signOutOthers, exact: true }).click();
    await visible(page.getByRole('status').filter({ hasText: WORDS.zh.othersDone }));
    await expect.poll(() => sessions.count()).toBe(1);
    await hasText(sessions.first().getByText(WORDS.zh.thisDevice), WORDS.zh.thisDevice);

    await expectSignedOut(other, 'zh');
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);
  });

  it('at phone width: deleting needs the password and a confirmation; then sign-in fails and the email signs up again', async () => {
    const context = await e2e.context();
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    const { email } = await signUp(page, 'delete');
    await page.goto('/en/account');
    await visible(h1(page, WORDS.accountTitle));
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);

    const field = page.getByLabel(WORDS.deletePassword, { exact: true });
    await field.fill('not my password');
    await page.getByRole('button', { name: WORDS.deleteSubmit, exact: true }).click();
    await page.getByRole('button', { name: WORDS.deleteConfirm, exact: true }).click();
    await expect.poll(() => description(page, WORDS.deletePassword)).toBe(WORDS.wrongPassword);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedId(page)).toBe('delete-password');
    expect((await page.request.get('/api/auth/me')).status()).toBe(200);

    await field.fill(PASSWORD);
    await page.getByRole('button', { name: WORDS.deleteSubmit, exact: true }).click();
    await page.getByRole('button', { name: WORDS.deleteConfirm, exact: true }).click();
    await visible(h1(page, WORDS.goodbye));
    expect(new URL(page.url()).pathname).toBe('/en/goodbye');
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    await signInForm(page, email, PASSWORD);
    await visible(page.getByRole('alert').filter({ hasText: WORDS.badCredentials }));

    await page.goto('/en/signup');
    await page.getByLabel(en.email, { exact: true }).fill(email);
    await page.getByLabel(en.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: en.signupSubmit, exact: true }).click();
    await visible(h1(page, en.homeTitle));
    await hasText(header.balance(page), en.credits(0));
  });
});
