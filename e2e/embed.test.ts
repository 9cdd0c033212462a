// Creditcast behind another app (issue 20): VideoApp (examples/video-app) on its own origin, with its
// own users and sign-in, shows the live balance with <creditcast-balance> and sells credits through
// the service API's Checkout. Sign in there, buy on the emulator's hosted page, land on VideoApp's
// success page and see the credit arrive in its header without a reload, in a second tab too; and a
// browser token that expires mid-session is replaced without the number ever leaving the header.
import type { Page, Route, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  CARDS,
  countNavigations,
  h1,
  h1History,
  hasText,
  markDocument,
  paragraph,
  payByCard,
  stillSameDocument,
  UI_TIMEOUT_MS,
  visible,
} from './browser';
import { type ExampleApp, startExampleApp } from './example-app';
import { useHarness } from './harness';

const STARTER = 1_000;

describe('Creditcast embedded in another app', () => {
  const e2e = useHarness();
  let app: ExampleApp;

  beforeAll(async () => {
    app = await startExampleApp({ creditcastUrl: e2e.appUrl, persistTo: inject('persistTo') });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** VideoApp's header balance: the <creditcast-balance> element. */
  const balance = (page: Page) => page.getByRole('status', { name: 'Credit balance', exact: true });

  /** The element says live, which it does only after its socket's snapshot: pushes from now on reach it. */
  async function appLive(page: Page): Promise<void> {
    await expect
      .poll(() => balance(page).getAttribute('data-status'), { timeout: UI_TIMEOUT_MS, interval: 50 })
      .toBe('live');
  }

  async function signInOnApp(page: Page, name: string, path = '/'): Promise<void> {
    await page.goto(app.url);
    await visible(h1(page, 'Make videos with VideoApp'));
    await page.getByLabel('Your name', { exact: true }).fill(name);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await visible(page.getByText(`Signed in as ${name}`, { exact: true }));
    if (path !== '/') await page.goto(`${app.url}${path}`);
    await hasText(balance(page), '0');
    await appLive(page);
  }

  /** Holds the success page's own status question (VideoApp's /checkout-status) until `release()`. */
  async function holdStatusQuestions(page: Page): Promise<{ held: () => number; release: () => void }> {
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    let held = 0;
    await page.route(
      (url) => url.href.startsWith(`${app.url}/checkout-status?`),
      async (route: Route) => {
        held += 1;
        await released;
        await route.continue().catch(() => undefined);
      },
    );
    return { held: () => held, release };
  }

  it("buys on the app's own page: the credit arrives live on its success page and in a second tab", async () => {
    await e2e.emulator.configure({ dropRate: 1 }); // Stripe's webhook held back until the test sends it
    const context = await e2e.context();
    const page = await context.newPage();
    await signInOnApp(page, 'Ada');

    const otherTab = await context.newPage();
    await otherTab.goto(app.url);
    await hasText(balance(otherTab), '0');
    await appLive(otherTab);
    await markDocument(otherTab);
    const otherTabNavigations = countNavigations(otherTab);

    // Held, not faked: the status question would credit a paid session itself within milliseconds.
    const questions = await holdStatusQuestions(page);
    await page.getByRole('button', { name: 'Buy Starter', exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(`${e2e.emulatorUrl}/c/pay/cs_`));
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    await payByCard(page, CARDS.pays);
    await page.waitForURL(`${app.url}/payment/success?session_id=${sessionId}`);
    await markDocument(page);
    const navigations = countNavigations(page);

    await visible(h1(page, 'Adding your credits…'));
    await appLive(page);
    await hasText(balance(page), '0');
    await expect.poll(questions.held).toBeGreaterThan(0);

    const completed = await e2e.emulator.waitForSessionEvent(sessionId, 'checkout.session.completed');
    await e2e.emulator.configure({ dropRate: 0, delayMs: 0 });
    await e2e.emulator.deliverEvent(completed.id);
    await e2e.emulator.waitForAcceptedDelivery(completed.id);

    // The push alone turns the page and the header (the page's own question is still on hold).
    await visible(h1(page, `+1,000 credits added`));
    await hasText(paragraph(page, /^New balance/), 'New balance: 1,000 credits.');
    await hasText(balance(page), '1,000');
    questions.release();
    expect(await h1History(page)).toEqual(['Adding your credits…', '+1,000 credits added']);
    expect(navigations()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);

    await hasText(balance(otherTab), '1,000');
    expect(otherTabNavigations()).toBe(0);
    expect(await stillSameDocument(otherTab)).toBe(true);

    // Creditcast's own record, as the app's backend reads it: this user, credited once.
    const ada = app.user('Ada');
    expect(ada.checkoutSessions).toEqual([sessionId]);
    const status = await fetch(`${e2e.appUrl}/api/v1/checkout/${sessionId}`, {
      headers: { authorization: `Bearer ${app.apiKey}` },
    });
    expect(await status.json()).toMatchObject({ sessionId, status: 'credited', credits: STARTER, balance: STARTER });
    const user = await fetch(`${e2e.appUrl}/api/v1/users/${ada.creditcastUserId}`, {
      headers: { authorization: `Bearer ${app.apiKey}` },
    });
    expect(await user.json()).toMatchObject({ externalId: ada.id, credits: STARTER });
  });

  it('a browser token expiring mid-session is replaced without the balance leaving the header', async () => {
    const context = await e2e.context();
    // Every text and status the header's balance shows, from the first paint on.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __balanceHistory: string[] }).__balanceHistory = seen;
      new MutationObserver(() => {
        const element = document.querySelector('creditcast-balance');
        if (!element) return;
        const now = `${element.textContent?.trim()}|${element.getAttribute('data-status') ?? ''}`;
        if (seen[seen.length - 1] !== now) seen.push(now);
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    const page = await context.newPage();
    const tokens: { token: string; expiresAt: string }[] = [];
    page.on('response', async (response) => {
      if (response.url().startsWith(`${app.url}/creditcast-token?ttl=60`)) tokens.push(await response.json());
    });
    const sockets: { token: string; at: number }[] = [];
    const open = new Set<WebSocketRoute>();
    await page.routeWebSocket(/\/api\/balance\/live\?/, (ws) => {
      sockets.push({ token: new URL(ws.url()).searchParams.get('token') ?? '', at: Date.now() });
      ws.connectToServer(); // forwarded unchanged both ways
      open.add(ws);
    });

    // The shortest token Creditcast mints (60 s), through VideoApp's ?ttl= knob.
    await signInOnApp(page, 'Grace', '/?ttl=60');
    await expect.poll(() => tokens.length).toBeGreaterThan(0);
    const first = tokens[0]!;
    expect(Date.parse(first.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    await page.evaluate(() => {
      (window as unknown as { __balanceHistory: string[] }).__balanceHistory.length = 0;
    });

    // Wait out the token's life (a real expiry on Creditcast's clock, which is this machine's), then
    // check Creditcast refuses it now: from here on only a fresh token can open a socket.
    await expect
      .poll(() => Date.now() > Date.parse(first.expiresAt) + 1_000, { timeout: 80_000, interval: 500 })
      .toBe(true);
    const expired = await fetch(`${e2e.appUrl}/api/embed/balance`, {
      headers: { authorization: `Bearer ${first.token}`, origin: app.url },
    });
    expect(expired.status).toBe(401);

    // A token matters when a socket is opened: cut this one (if still open) so the client must open another.
    for (const ws of open) await ws.close({ code: 4001, reason: 'e2e: cut' }).catch(() => undefined);
    open.clear();
    const cutAt = Date.now();
    await expect.poll(() => sockets.filter((s) => s.at >= cutAt).length, { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
    await appLive(page);
    // The client knew the expiry (expiresAt) and asked VideoApp for a fresh token before reconnecting:
    // no attempt with the dead one, so no refused connection to recover from.
    const reopened = sockets.filter((s) => s.at >= cutAt);
    expect(reopened.every((s) => s.token !== first.token && s.token.startsWith('cct_'))).toBe(true);
    expect(tokens.length).toBeGreaterThan(1);

    // Live on the new token: a grant from the app's backend shows at once.
    const grace = app.user('Grace');
    const grant = await fetch(`${e2e.appUrl}/api/v1/users/${grace.creditcastUserId}/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 250, reason: 'e2e after refresh', idempotencyKey: `e2e-refresh-${grace.id}` }),
    });
    expect(grant.status).toBe(201);
    await hasText(balance(page), '250');

    // No visible gap: after the first number the header always showed one (never the "…" placeholder).
    const history = await page.evaluate(() => (window as unknown as { __balanceHistory: string[] }).__balanceHistory);
    const texts = history.map((entry) => entry.split('|')[0]);
    expect(texts.every((text) => text === '0' || text === '250')).toBe(true);
    expect(texts.at(-1)).toBe('250');
  }, 180_000);
});
