// axe-core on every page, signed out, signed in and as an operator, in en and zh, on a desktop and a
// 390×844 phone: no serious or critical violation anywhere. axe comes from npm (node_modules), injected
// into each page; a new page is one line in PAGES.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { me, NAVIGATION_TIMEOUT_MS, signUp } from './browser';
import type { Lang } from './copy';
import { useHarness } from './harness';
import { grantOperator } from './support';

// Evaluated through the DevTools protocol rather than addScriptTag: the site's CSP (script-src 'self')
// rightly refuses an inline <script>, and the page under test must keep its real CSP.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Who = 'guest' | 'user' | 'operator';
interface PageToCheck {
  name: string;
  who: Who;
  /** The path under /{lang}; `{self}` is the signed-in user's id. */
  path: string;
}

/** Every page of the site. New pages (history, account, landing…) are one line each. */
const PAGES: PageToCheck[] = [
  { name: 'landing (signed out)', who: 'guest', path: '' },
  { name: 'sign in', who: 'guest', path: '/signin' },
  { name: 'sign up', who: 'guest', path: '/signup' },
  { name: 'forgot password', who: 'guest', path: '/forgot-password' },
  { name: 'reset password (no token)', who: 'guest', path: '/reset-password' },
  { name: 'not found', who: 'guest', path: '/no-such-page' },
  { name: 'goodbye (after closing an account)', who: 'guest', path: '/goodbye' },
  { name: 'home', who: 'user', path: '' },
  { name: 'studio', who: 'user', path: '/studio' },
  { name: 'history', who: 'user', path: '/history' },
  { name: 'account', who: 'user', path: '/account' },
  { name: 'payment success (unknown session)', who: 'user', path: '/payment/success?session_id=cs_test_axe_unknown' },
  { name: 'payment cancel', who: 'user', path: '/payment/cancel' },
  { name: 'not found (signed in)', who: 'user', path: '/no-such-page' },
  { name: 'admin: search', who: 'operator', path: '/admin' },
  { name: 'admin: user', who: 'operator', path: '/admin/users/{self}' },
  { name: 'admin: events', who: 'operator', path: '/admin/events' },
  { name: 'admin: keys', who: 'operator', path: '/admin/keys' },
  { name: 'admin: webhooks', who: 'operator', path: '/admin/webhooks' },
  { name: 'admin: audit', who: 'operator', path: '/admin/audit' },
  { name: 'admin: reconciliation', who: 'operator', path: '/admin/reconciliation' },
];

const VIEWPORTS = {
  desktop: { width: 1200, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

interface Violation {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Loads the page, waits for it to settle (its h1, no requests in flight), and runs axe on it. */
async function axeViolations(page: Page, url: string, name: string): Promise<Violation[]> {
  await page.goto(url);
  await page.locator('h1').first().waitFor({ state: 'visible', timeout: NAVIGATION_TIMEOUT_MS });
  await page.waitForLoadState('networkidle');
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResults> } }).axe;
    type AxeResults = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const run = await axe.run(document, { resultTypes: ['violations'] });
    return run.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  // The console also holds itself to landmark-unique (moderate): a section and the table region inside
  // it once shared a name, which screen-reader landmark lists show as two identical entries (issue 23).
  const counts = (v: { id: string; impact: string }) =>
    v.impact === 'serious' || v.impact === 'critical' || (name.startsWith('admin') && v.id === 'landmark-unique');
  return results.filter(counts).map((v) => ({ page: name, ...v }));
}

describe('axe-core on every page', () => {
  const e2e = useHarness();

  it('is really looking: a page with an image without alt text and an unlabeled button fails', async () => {
    const context = await e2e.context();
    const page = await context.newPage();
    await page.goto('/en/signin');
    await page.locator('h1').first().waitFor();
    await page.evaluate(() => {
      const broken = document.createElement('div');
      broken.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button type="button"></button>';
      document.querySelector('main')?.append(broken);
    });
    await page.evaluate(AXE_SOURCE);
    const ids = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (d: Document) => Promise<{ violations: { id: string }[] }> } })
        .axe;
      return (await axe.run(document)).violations.map((v) => v.id);
    });
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'button-name']));
  });

  for (const lang of ['en', 'zh'] as Lang[]) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      for (const who of ['guest', 'user', 'operator'] as Who[]) {
        it(`${lang}, ${size} (${viewport.width}×${viewport.height}), ${who}: no serious or critical violations`, async () => {
          const context = await e2e.context(lang);
          const page = await context.newPage();
          await page.setViewportSize(viewport);
          let self = '';
          if (who !== 'guest') {
            const { email } = await signUp(page, `axe-${who}-${lang}-${size}`, lang);
            if (who === 'operator') grantOperator(email);
            self = (await me(context)).id;
          }
          const found: Violation[] = [];
          for (const entry of PAGES.filter((p) => p.who === who)) {
            const path = `/${lang}${entry.path.replace('{self}', self)}`;
            found.push(...(await axeViolations(page, path, `${entry.name} ${path}`)));
          }
          if (found.length > 0) console.error(`[axe] ${lang} ${size} ${who}:\n${JSON.stringify(found, null, 2)}`);
          expect(found).toEqual([]);
        });
      }
    }
  }
});
