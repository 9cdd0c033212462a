// Auto top-up in Chromium against the dev stack (issue 22): a card saved through the emulator's
// setup Checkout, auto top-up enabled on the account page, a Studio render that takes spendable
// credits below the threshold, and the off-session top-up arriving live in the same document; the
// 3184 card (3-D Secure off-session) pauses it with the "confirm your card" prompt, and buying the
// pack on-session with that card clears the pause.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import {
  futureExpiry,
  h1,
  hasText,
  header,
  landOnSuccessPage,
  liveReady,
  markDocument,
  me,
  signUp,
  stillSameDocument,
  UI_TIMEOUT_MS,
  visible,
} from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

const h = useHarness();
const copy = COPY.en;
const RENDER_TIMEOUT_MS = 60_000;
const STARTER = { credits: 1_000, cents: 1_000 };
/** Granted before enabling, with the threshold just under it: one 40-credit hold crosses it. */
const START = 500;
const THRESHOLD = 480;
const CARD_3DS = '4000 0027 6000 3184';

interface AutoTopupView {
  enabled: boolean;
  status: string;
  chargedThisMonthCents: number;
  card: { last4: string } | null;
  lastAttempt: { outcome: string; credits: number; message: string | null } | null;
}

/** Grants credits through the service API with this stack's render-farm key (as studio.test.ts does). */
async function grant(context: BrowserContext, amount: number): Promise<void> {
  const { id } = await me(context);
  const res = await fetch(`${h.appUrl}/api/v1/users/${id}/grants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${inject('serviceApiKey')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount, reason: 'e2e auto top-up', idempotencyKey: `topup-${id}-${amount}` }),
  });
  expect(res.status).toBe(201);
}

async function autoTopup(context: BrowserContext): Promise<AutoTopupView> {
  const res = await context.request.get('/api/auto-topup');
  expect(res.status()).toBe(200);
  return res.json();
}

async function openAccount(page: Page): Promise<void> {
  await page.goto('/en/account');
  await visible(page.getByRole('heading', { level: 2, name: 'Auto top-up', exact: true }));
}

/**
 * "Save a card" on the account page → the emulator's setup Checkout → the card → back on the
 * account page. Stripe's webhook is held back until the page has landed (as it often lands in
 * production: after the redirect), then sent: the panel, which showed no card, must show the new one
 * in the same document, without a reload.
 */
async function saveCard(page: Page, card: string, last4: string): Promise<void> {
  await openAccount(page);
  await visible(page.getByText('No card saved yet.'));
  await h.emulator.configure({ dropRate: 1 });
  await page.getByRole('button', { name: 'Save a card', exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(`${h.emulatorUrl}/c/pay/cs_`));
  const sessionId = new URL(page.url()).pathname.split('/').pop()!;
  await visible(page.getByText('Nothing is charged now.', { exact: false }));
  await page.getByRole('radio', { name: 'Card' }).check();
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiry').fill(futureExpiry());
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: 'Save card', exact: true }).click();
  await page.waitForURL(`${h.appUrl}/en/account?card=saved`);
  await visible(page.getByText('Your card was saved.', { exact: true }));
  await visible(page.getByText('No card saved yet.'));
  await markDocument(page);

  const completed = await h.emulator.waitForSessionEvent(sessionId, 'checkout.session.completed');
  await h.emulator.configure({ dropRate: 0, delayMs: 0 });
  await h.emulator.deliverEvent(completed.id);
  await h.emulator.waitForAcceptedDelivery(completed.id);
  await visible(page.getByText(new RegExp(`^Card: \\w+ ending ${last4}, expires 12/\\d{4}`)));
  await visible(page.getByRole('button', { name: 'Replace card', exact: true }));
  expect(await stillSameDocument(page)).toBe(true);
}

/** The account panel's form: on, below THRESHOLD, the Starter pack, $50 a month. */
async function enable(page: Page): Promise<void> {
  await page.getByLabel('Top up automatically').check();
  await page.getByLabel('When spendable credits fall below').fill(String(THRESHOLD));
  await page.getByLabel('Buy this pack').selectOption('starter');
  await page.getByLabel('At most this much a month (USD)').fill('50');
  await page.getByRole('button', { name: 'Save auto top-up', exact: true }).click();
  await visible(page.getByText('Auto top-up saved.', { exact: true }));
  await visible(page.getByText('On.', { exact: true }));
}

async function openStudio(page: Page): Promise<void> {
  await page.goto('/en/studio');
  await visible(page.getByRole('heading', { level: 1, name: 'Studio', exact: true }));
  await liveReady(page);
}

/** Generate (10 s, 720p): 40 credits reserved at once, which crosses the threshold. */
async function generate(page: Page, prompt: string): Promise<void> {
  await page.getByLabel('Prompt', { exact: true }).fill(prompt);
  await page.getByLabel('Length', { exact: true }).selectOption('10');
  await page.getByLabel('Resolution', { exact: true }).selectOption('720p');
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await visible(page.getByRole('status').filter({ hasText: '40 credits reserved. The render is queued.' }));
}

const jobRow = (page: Page, prompt: string) => page.getByRole('row', { name: new RegExp(prompt) });

/** The number the header shows ("1,460 credits" → 1460), or null while it shows none. */
async function headerCredits(page: Page): Promise<number | null> {
  const text = await header
    .balance(page)
    .textContent({ timeout: 1_000 })
    .catch(() => null);
  const match = /([\d,]+)\s+credits?/.exec(text ?? '');
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}

async function signedUpWithCard(tag: string, card: string, last4: string) {
  const context = await h.context();
  const page = await context.newPage();
  await signUp(page, tag);
  await saveCard(page, card, last4);
  await grant(context, START);
  await openAccount(page);
  await enable(page);
  return { context, page };
}

describe('auto top-up', () => {
  it('a saved card tops the balance up live when a Studio render takes it below the threshold', async () => {
    const { context, page } = await signedUpWithCard('topup-ok', '4242 4242 4242 4242', '4242');

    await page.goto('/en');
    await visible(h1(page, copy.homeTitle));
    await visible(page.getByText(`Auto top-up is on: below ${THRESHOLD} credits, your card buys the Starter pack.`));

    await openStudio(page);
    await hasText(header.balance(page), copy.credits(START));
    await markDocument(page);
    await generate(page, 'a harbour at night');

    // The top-up's 1,000 credits arrive on the socket while the render is still running or just done.
    await expect
      .poll(() => headerCredits(page), { timeout: UI_TIMEOUT_MS, interval: 50 })
      .toBeGreaterThanOrEqual(START - 40 + STARTER.credits);

    const row = jobRow(page, 'a harbour at night');
    await visible(row.getByRole('cell', { name: 'Done', exact: true }), RENDER_TIMEOUT_MS);
    const [, captured] = /^(\d+) spent, \d+ returned$/.exec(
      (await row.getByRole('cell', { name: /spent/ }).textContent()) ?? '',
    ) as unknown as [string, string];
    const expected = START + STARTER.credits - Number(captured);
    await hasText(header.balance(page), copy.credits(expected));
    expect(await stillSameDocument(page)).toBe(true);
    expect(await me(context)).toMatchObject({ credits: expected, held: 0 });

    // Exactly one charge of the Starter price, credited.
    expect(await autoTopup(context)).toMatchObject({
      status: 'active',
      chargedThisMonthCents: STARTER.cents,
      lastAttempt: { outcome: 'succeeded', credits: STARTER.credits },
    });
  });

  it('the 3184 card pauses it with the "confirm your card" prompt, and buying the pack on-session clears it', async () => {
    const { context, page } = await signedUpWithCard('topup-3ds', CARD_3DS, '3184');
    // The account page open in another tab: the pause must reach it without a reload.
    const accountTab = await context.newPage();
    await openAccount(accountTab);
    await visible(accountTab.getByText('On.', { exact: true }));
    await liveReady(accountTab);
    await markDocument(accountTab);

    await openStudio(page);
    await hasText(header.balance(page), copy.credits(START));
    await generate(page, 'a bank that wants a word');

    // The off-session charge needs authentication: paused after this one attempt, nothing charged.
    await expect
      .poll(async () => (await autoTopup(context)).status, { timeout: UI_TIMEOUT_MS, interval: 100 })
      .toBe('paused_authentication');
    expect(await autoTopup(context)).toMatchObject({
      chargedThisMonthCents: 0,
      lastAttempt: { outcome: 'failed', message: 'authentication_required' },
    });
    await visible(
      jobRow(page, 'a bank that wants a word').getByRole('cell', { name: 'Done', exact: true }),
      RENDER_TIMEOUT_MS,
    );
    const afterRender = (await me(context)).credits;
    expect(afterRender).toBeLessThan(START);
    await visible(accountTab.getByText(/^Paused: your bank wants you to confirm this card\./));
    await visible(accountTab.getByRole('button', { name: 'Confirm your card: buy the pack now', exact: true }));
    expect(await stillSameDocument(accountTab)).toBe(true);
    await accountTab.close();

    await page.goto('/en');
    await visible(page.getByText('Auto top-up is paused.', { exact: true }));

    await openAccount(page);
    await visible(page.getByText(/^Paused: your bank wants you to confirm this card\./));
    const prompt = page.getByRole('button', { name: 'Confirm your card: buy the pack now', exact: true });
    await prompt.click();

    // On-session the bank's check passes: the pack is paid and the card saved again.
    await page.waitForURL((url) => url.href.startsWith(`${h.emulatorUrl}/c/pay/cs_`));
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('radio', { name: 'Card' }).check();
    await page.getByLabel('Card number').fill(CARD_3DS);
    await page.getByLabel('Expiry').fill(futureExpiry());
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: /^Pay / }).click();
    await landOnSuccessPage(page, h.appUrl, sessionId);
    await visible(h1(page, copy.successCredited(STARTER.credits)));
    await hasText(header.balance(page), copy.credits(afterRender + STARTER.credits));

    // The pack's card is saved by its webhook, which ends the pause.
    await expect
      .poll(async () => (await autoTopup(context)).status, { timeout: UI_TIMEOUT_MS, interval: 100 })
      .toBe('active');
    await openAccount(page);
    await visible(page.getByText('On.', { exact: true }));
    await visible(page.getByText(/^Card: \w+ ending 3184/));
    expect(await prompt.count()).toBe(0);
    await page.goto('/en');
    await visible(page.getByText(`Auto top-up is on: below ${THRESHOLD} credits, your card buys the Starter pack.`));
    expect(await me(context)).toMatchObject({ credits: afterRender + STARTER.credits });
  });
});
