// A link clicked right after a reload, while the reloaded page is still settling (its code and words in,
// its own data still being asked for), must still show the page it points to. Before the fix (site/src/lib/
// lazy-page.ts, inOwnBoundary) the console stalled that way in 4 of 6 tries: URL and header on /en/admin,
// the old home page on screen for good, because the home page's data request (read under the layout's one
// Suspense boundary) settled mid-navigation. Timing decides it, so each test tries several reloads.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { h1, signUp, visible } from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

const e2e = useHarness();
const en = COPY.en;
const TRIES = 4;

/**
 * A link to the console in the header, clicked like the operator's "Admin" link (the router takes every
 * same-origin link): a signed-up user is no operator, so the console says "Not allowed", after loading
 * both its layout and its first page lazily, the nested case that stalled.
 */
async function clickConsoleLink(page: Page): Promise<void> {
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = '/en/admin';
    link.textContent = 'Console';
    document.querySelector('header')?.append(link);
  });
  await page.getByRole('link', { name: 'Console', exact: true }).click();
}

describe('a link clicked while the reloaded page is still loading', () => {
  it('shows the linked page, not the old one, however the old page’s requests interleave', async () => {
    for (let attempt = 1; attempt <= TRIES; attempt++) {
      // A new user each time, as the operator in e2e/admin.test.ts: signed up, on home, then a reload.
      const page = await (await e2e.context()).newPage();
      await signUp(page, 'nav-race');
      await page.reload();
      // As soon as the header is there (the home page is still asking for its data): no waiting for it.
      await visible(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credits', exact: true }));
      await clickConsoleLink(page);
      await visible(h1(page, 'Not allowed'));
      expect(new URL(page.url()).pathname, `attempt ${attempt}`).toBe('/en/admin');
      expect(await page.getByRole('heading', { level: 1, name: en.homeTitle }).count(), `attempt ${attempt}`).toBe(0);
    }
  });
});
