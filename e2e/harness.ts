// Per-file wiring: one Chromium per test file, one fresh context per test (closed after it, pass or
// fail), and the emulator's delivery settings restored after every test so no test sees another's.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { ARTIFACTS_DIR, launchBrowser, newContext } from './browser';
import type { Lang } from './copy';
import { Emulator } from './emulator';

export interface Harness {
  readonly appUrl: string;
  readonly emulatorUrl: string;
  readonly emulator: Emulator;
  /** A fresh browser context for this test; closed automatically after it. */
  context(lang?: Lang): Promise<BrowserContext>;
}

export function useHarness(): Harness {
  const appUrl = inject('appUrl');
  const emulatorUrl = inject('emulatorUrl');
  const emulator = new Emulator(emulatorUrl, inject('emulatorDefaults'));
  let browser: Browser | undefined;
  const open: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    await emulator.restoreDefaults();
  });

  afterEach(async ({ task }) => {
    const contexts = open.splice(0);
    if (task.result?.state === 'fail') await saveFailureScreenshots(task.name, contexts);
    for (const context of contexts) {
      // A test that failed while holding requests (holdStatusCalls) must not hang the close.
      await Promise.all(context.pages().map((page) => page.unrouteAll({ behavior: 'ignoreErrors' })));
      await context.close().catch(() => undefined);
    }
    await emulator.restoreDefaults();
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    appUrl,
    emulatorUrl,
    emulator,
    async context(lang = 'en') {
      if (!browser) throw new Error('the browser is not running (beforeAll failed?)');
      const context = await newContext(browser, appUrl, lang);
      open.push(context);
      return context;
    },
  };
}

/** Every page of a failed test, as it looked at the end, in e2e/.artifacts/failures/. */
async function saveFailureScreenshots(testName: string, contexts: BrowserContext[]): Promise<void> {
  const dir = join(ARTIFACTS_DIR, 'failures');
  mkdirSync(dir, { recursive: true });
  const slug = testName
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  const pages = contexts.flatMap((context) => context.pages());
  for (const [index, page] of pages.entries()) {
    const path = join(dir, `${slug}-${index + 1}.png`);
    try {
      await page.screenshot({ path, timeout: 5_000 });
      console.error(`[e2e] failed: ${page.url()} -> ${path}`);
    } catch {
      /* a crashed or closed page has nothing to show */
    }
  }
}
