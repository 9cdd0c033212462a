// Steps several e2e files share besides the browser's (browser.ts): an operator signed in (promoted by
// the real `npm run admin -- grant` code on this stack's D1), and a customer's calls to the app's API
// with Checkout paid through the emulator's control, waiting until it is credited.
import type { BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { main as adminCli } from '../tools/cli/admin';
import { CARDS, signUp, UI_TIMEOUT_MS } from './browser';
import type { Harness } from './harness';

/** Promotes a signed-up user exactly as `npm run admin -- grant <email>` does, on this stack's D1. */
export function grantOperator(email: string): void {
  const before = process.env.PERSIST_TO;
  process.env.PERSIST_TO = inject('persistTo');
  try {
    adminCli(['grant', email]);
  } finally {
    if (before === undefined) delete process.env.PERSIST_TO;
    else process.env.PERSIST_TO = before;
  }
}

/** A new context signed up as `tag` and made an operator: its page is on home, the console one click away. */
export async function operatorPage(e2e: Harness, tag: string): Promise<{ op: Page; email: string }> {
  const op = await (await e2e.context()).newPage();
  const { email } = await signUp(op, tag);
  grantOperator(email);
  return { op, email };
}

/** A call to the app with this context's cookie and the app's Origin (the same-origin rule for writes); must be 2xx. */
export async function appCall<T>(
  e2e: Harness,
  context: BrowserContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await context.request.fetch(path, {
    method,
    headers: { origin: e2e.appUrl, 'content-type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Pays a Checkout Session with the emulator's control (as the hosted page would) and waits until it is credited. */
export async function payAndWait(e2e: Harness, context: BrowserContext, sessionId: string): Promise<void> {
  const paid = await fetch(`${e2e.emulatorUrl}/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ card: CARDS.pays }),
  });
  expect(paid.status, await paid.text()).toBe(200);
  await expect
    .poll(async () => (await appCall<{ status: string }>(e2e, context, 'GET', `/api/checkout/${sessionId}`)).status, {
      timeout: UI_TIMEOUT_MS,
      interval: 250,
    })
    .toBe('credited');
}
