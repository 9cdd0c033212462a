// Chromium through playwright-core (Debian's /usr/bin/chromium, never a downloaded build), a fresh
// context per test, and the user-level steps the tests share: sign up, buy a pack, pay on the
// emulator's hosted page. Everything is found by role, label and visible text.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
  type Route,
  type WebSocket,
  type WebSocketRoute,
} from 'playwright-core';
import { expect } from 'vitest';
import { COPY, type Lang } from './copy';

export const ARTIFACTS_DIR = join(resolve(dirname(fileURLToPath(import.meta.url))), '.artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * How long a visible change or an action may take. Pushes land in milliseconds and a socket
 * reconnect in ~1-2 s when the machine is quiet; these limits leave room for a 2-core machine
 * shared with other work (15 s once timed out on a page load beside the workerd suites).
 */
export const UI_TIMEOUT_MS = 20_000;
/** page.goto, waitForURL, clicks that navigate: a full load of the site (HTML, JS, /api/auth/me) from wrangler dev. */
export const NAVIGATION_TIMEOUT_MS = 30_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh context (own cookies, own storage) at 1200×800. Every page in it records the text of its
 * h1 each time it changes (`h1History`), so a test can check the order of states a page went
 * through, however briefly one of them was on screen.
 */
export async function newContext(browser: Browser, appUrl: string, lang: Lang = 'en'): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: appUrl,
    viewport: { width: 1200, height: 800 },
    locale: lang === 'zh' ? 'zh-CN' : 'en-US',
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  context.on('page', watchLiveSnapshots);
  await context.addInitScript(() => {
    const history: string[] = [];
    (window as unknown as { __e2eH1History: string[] }).__e2eH1History = history;
    const record = () => {
      const text = Array.from(document.querySelectorAll('h1'), (h) => h.textContent?.trim() ?? '').join(' | ');
      if (text && history[history.length - 1] !== text) history.push(text);
    };
    new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
  });
  return context;
}

/** Every distinct h1 text the page has shown since it loaded, in order. */
export function h1History(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __e2eH1History?: string[] }).__e2eH1History ?? []);
}

/** Marks the current document; `stillSameDocument` is false after any reload or full navigation. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eMark?: boolean }).__e2eMark = true;
  });
}

export function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __e2eMark?: boolean }).__e2eMark === true);
}

// --- readiness of the live socket ------------------------------------------------------------

/** Per page: whether its newest /api/balance/live socket has received its first (snapshot) frame. */
const newestLiveSocket = new WeakMap<Page, { snapshot: boolean }>();

function watchLiveSnapshots(page: Page): void {
  page.on('websocket', (socket) => {
    if (!/\/api\/balance\/live$/.test(socket.url())) return;
    const state = { snapshot: false };
    newestLiveSocket.set(page, state);
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"type":"balance"')) state.snapshot = true;
    });
  });
}

/**
 * The page is live: the header says so and its newest live socket has delivered the snapshot, so
 * the Durable Object holds the socket and any credit from now on is pushed to it. Wait for this
 * (never a fixed sleep) before making something happen that the page should see live.
 */
export async function liveReady(page: Page, lang: Lang = 'en'): Promise<void> {
  await visible(header.live(page, lang));
  await expect
    .poll(() => newestLiveSocket.get(page)?.snapshot ?? false, { timeout: UI_TIMEOUT_MS, interval: 50 })
    .toBe(true);
}

// --- what the user looks at -------------------------------------------------------------------

export const header = {
  balance: (page: Page, lang: Lang = 'en') => page.getByRole('status', { name: COPY[lang].balanceLabel, exact: true }),
  live: (page: Page, lang: Lang = 'en') => page.getByRole('img', { name: new RegExp(`^${COPY[lang].liveOnPrefix}`) }),
  offline: (page: Page, lang: Lang = 'en') =>
    page.getByRole('img', { name: new RegExp(`^${COPY[lang].liveOffPrefix}`) }),
};

export function h1(page: Page, name: string | RegExp): Locator {
  return page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' ? true : undefined });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The paragraph whose whole text is `text` (not the visually hidden live region repeating it). */
export function paragraph(page: Page, text: string | RegExp): Locator {
  const whole = typeof text === 'string' ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : text;
  return page.getByRole('paragraph').filter({ hasText: whole });
}

export async function visible(locator: Locator, timeout = UI_TIMEOUT_MS): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}

/** Waits until the locator's text is exactly `text` (whitespace-normalised). */
export async function hasText(locator: Locator, text: string, timeout = UI_TIMEOUT_MS): Promise<void> {
  await expect
    .poll(
      async () => {
        const text = await locator.textContent({ timeout: 1_000 }).catch((error: unknown) => {
          if (String(error).includes('strict mode violation')) throw error; // a locator bug, not a wait
          return null;
        });
        return (text ?? '').replace(/\s+/g, ' ').trim();
      },
      {
        timeout,
        interval: 50,
      },
    )
    .toBe(text);
}

// --- user steps ---------------------------------------------------------------------------------

let counter = 0;
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `e2e-${tag}-${Date.now().toString(36)}-${process.pid}-${counter}@example.com`;
}

export const PASSWORD = 'correct horse battery staple';

/** Signs a new user up through the form; returns on the home page showing a 0 balance. */
export async function signUp(page: Page, tag: string, lang: Lang = 'en'): Promise<{ email: string }> {
  const copy = COPY[lang];
  const email = uniqueEmail(tag);
  await page.goto(`/${lang}/signup`);
  await visible(h1(page, copy.signupTitle));
  await page.getByLabel(copy.email, { exact: true }).fill(email);
  await page.getByLabel(copy.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: copy.signupSubmit, exact: true }).click();
  await visible(h1(page, copy.homeTitle));
  expect(new URL(page.url()).pathname).toBe(`/${lang}`);
  await hasText(header.balance(page, lang), copy.credits(0));
  return { email };
}

/** Clicks "Buy <pack>" on home; returns on the emulator's hosted checkout page with the session id. */
export async function buyPack(
  page: Page,
  emulatorUrl: string,
  packName = 'Starter',
  lang: Lang = 'en',
): Promise<string> {
  await page.getByRole('button', { name: `${COPY[lang].buy} ${packName}`, exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(`${emulatorUrl}/c/pay/cs_`));
  await visible(page.getByRole('heading', { name: EMULATOR_PAGE.payWith }));
  return new URL(page.url()).pathname.split('/').pop()!;
}

/** A valid expiry two years ahead, as typed on the hosted page. */
export function futureExpiry(): string {
  return `12 / ${String((new Date().getFullYear() + 2) % 100).padStart(2, '0')}`;
}

export const CARDS = { pays: '4242 4242 4242 4242', declined: '4000 0000 0000 0002' } as const;

/**
 * The emulator's hosted checkout speaks the session's locale (the app sends `zh` on /zh), so its
 * labels are matched in both languages.
 */
const EMULATOR_PAGE = {
  payWith: /^(Pay with|付款方式)$/,
  card: /^(Card|银行卡)$/,
  bankTransfer: /^(Bank transfer|银行转账)$/,
  cardNumber: /^(Card number|卡号)$/,
  expiry: /^(Expiry|有效期)$/,
  cvc: /^(CVC|安全码)$/,
  pay: /^(Pay|Subscribe for|支付|订阅) /,
};

/** Fills the hosted page's card form and presses Pay (does not wait for where it goes). */
export async function payByCard(page: Page, card: string): Promise<void> {
  await page.getByRole('radio', { name: EMULATOR_PAGE.card }).check();
  await page.getByLabel(EMULATOR_PAGE.cardNumber).fill(card);
  await page.getByLabel(EMULATOR_PAGE.expiry).fill(futureExpiry());
  await page.getByLabel(EMULATOR_PAGE.cvc).fill('123');
  await page.getByRole('button', { name: EMULATOR_PAGE.pay }).click();
}

export async function payByBankTransfer(page: Page): Promise<void> {
  await page.getByRole('radio', { name: EMULATOR_PAGE.bankTransfer }).check();
  await page.getByRole('button', { name: EMULATOR_PAGE.pay }).click();
}

/** Waits for the redirect back from the hosted page to /{lang}/payment/success?session_id=…. */
export async function landOnSuccessPage(
  page: Page,
  appUrl: string,
  sessionId: string,
  lang: Lang = 'en',
): Promise<void> {
  await page.waitForURL(`${appUrl}/${lang}/payment/success?session_id=${sessionId}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, name);
  await page.screenshot({ path });
  return path;
}

/** GET /api/auth/me with the context's cookies (Node side: not subject to the page's network state). */
export async function me(context: BrowserContext): Promise<{ id: string; email: string; credits: number }> {
  const response = await context.request.get('/api/auth/me');
  expect(response.status()).toBe(200);
  return response.json();
}

// --- controlling what the page can reach ------------------------------------------------------

/**
 * Holds the page's own GET /api/checkout/{id} calls until `release()`. That call asks Stripe and
 * fulfils a paid session itself, so left alone it credits within milliseconds of landing and the
 * waiting state is never really on screen. Held (not faked: released, they reach the Worker), the
 * page can only learn of the credit from the live push.
 */
export async function holdStatusCalls(page: Page): Promise<{ held: () => number; release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  let held = 0;
  await page.route(/\/api\/checkout\/cs_[A-Za-z0-9_]+$/, async (route: Route) => {
    held += 1;
    await released;
    await route.continue().catch(() => undefined); // the page may be gone by then
  });
  return { held: () => held, release };
}

/** Counts main-frame navigations (reloads, full page loads, history changes) from now on. */
export function countNavigations(page: Page): () => number {
  let count = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) count += 1;
  });
  return () => count;
}

/**
 * Puts the page's live socket (/api/balance/live) under the test's control. While up, every socket
 * is proxied to the Worker unchanged. `down()` is a network outage: the context goes offline (HTTP
 * fails, so the /me fallback poll can't see anything either) and the open socket is cut from the
 * page's side; Chromium's offline emulation alone would leave an open WebSocket running
 * (microsoft/playwright#4910). Reconnects are refused (closed before opening) until `up()`.
 */
export async function controlLiveSocket(page: Page): Promise<{
  down(): Promise<void>;
  up(): Promise<void>;
  refusedConnects(): number;
  /**
   * Real connections to the Worker's /api/balance/live that are open (as Chromium's network layer
   * sees them), counting those made since the page last navigated: a page that is unloaded gets
   * no close event for its sockets.
   */
  openConnections(): number;
}> {
  let isUp = true;
  let refused = 0;
  const open = new Set<WebSocketRoute>();
  const real = new Set<WebSocket>();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) real.clear();
  });
  page.on('websocket', (socket) => {
    if (!/\/api\/balance\/live$/.test(socket.url())) return;
    real.add(socket);
    socket.on('close', () => real.delete(socket));
  });
  await page.routeWebSocket(/\/api\/balance\/live$/, async (ws) => {
    if (!isUp) {
      refused += 1;
      await ws.close({ code: 4001, reason: 'e2e: network down' });
      return;
    }
    ws.connectToServer(); // forwards both ways, and closing either side closes the other
    open.add(ws);
  });
  return {
    async down() {
      isUp = false;
      await page.context().setOffline(true);
      // 4001, not 1006: the route passes the code on to the server side, where 1006 can't be sent.
      await Promise.all([...open].map((ws) => ws.close({ code: 4001, reason: 'e2e: network down' })));
      open.clear();
    },
    async up() {
      await page.context().setOffline(false);
      isUp = true;
    },
    refusedConnects: () => refused,
    openConnections: () => real.size,
  };
}
