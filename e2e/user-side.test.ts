// The user's side with a funded, active user (issue 24): the Studio at 390×844 (no sideways scroll, 44 px
// controls, failed renders explained) and axe-core on home, history, account and studio in en and zh,
// desktop and phone, with a finished render, a failed one and an active hold: no serious or critical violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { h1, me, NAVIGATION_TIMEOUT_MS, PASSWORD, signUp, uniqueEmail, visible } from './browser';
import type { Lang } from './copy';
import { COPY } from './copy';
import { useHarness } from './harness';

const h = useHarness();
const RENDER_TIMEOUT_MS = 60_000;
// Through the DevTools protocol, as axe.test.ts does: the site's CSP refuses an inline script.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWPORTS = { desktop: { width: 1200, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function grant(context: BrowserContext, amount: number): Promise<void> {
  const { id } = await me(context);
  const res = await fetch(`${h.appUrl}/api/v1/users/${id}/grants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${inject('serviceApiKey')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount, reason: 'e2e user side', idempotencyKey: `user-side-${id}` }),
  });
  expect(res.status).toBe(201);
}

const startJob = (page: Page, body: Record<string, unknown>) =>
  page.evaluate(async (json) => {
    const res = await fetch('/api/studio/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...json, idempotencyKey: crypto.randomUUID() }),
    });
    return res.status;
  }, body);

const jobStatuses = async (context: BrowserContext) =>
  ((await (await context.request.get('/api/studio/jobs')).json()) as { jobs: { prompt: string; status: string }[] })
    .jobs;

/** A user with credits, a finished render, a failed one and a render still holding credits. */
async function activeUser(lang: Lang, tag: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.context(lang);
  const page = await context.newPage();
  await signUp(page, tag, lang);
  await grant(context, 5_000);
  await page.goto(`/${lang}/studio`);
  expect(await startJob(page, { prompt: 'a lighthouse at dawn', seconds: 5, resolution: '480p' })).toBe(201);
  expect(await startJob(page, { prompt: 'a doomed render', seconds: 5, resolution: '480p', fail: true })).toBe(201);
  await expect
    .poll(async () => (await jobStatuses(context)).map((j) => j.status).sort(), {
      timeout: RENDER_TIMEOUT_MS,
      interval: 250,
    })
    .toEqual(['done', 'failed']);
  // The longest render: its hold is still active while the pages are checked.
  expect(await startJob(page, { prompt: 'a long one', seconds: 20, resolution: '1080p' })).toBe(201);
  return { context, page };
}

async function axeViolations(page: Page, url: string) {
  await page.goto(url);
  await page.locator('h1').first().waitFor({ state: 'visible', timeout: NAVIGATION_TIMEOUT_MS });
  await page.waitForLoadState('networkidle');
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    type Results = { violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (d: Document, o: object) => Promise<Results> } }).axe;
    const run = await axe.run(document, { resultTypes: ['violations'] });
    return run.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ url, ...v }));
}

describe('the user side, funded and active', () => {
  it('the Studio at 390×844: nothing scrolls sideways, controls are 44 px, a failed render says why', async () => {
    const { page } = await activeUser('en', 'user-side-studio');
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto('/en/studio');
    await visible(page.getByText('a doomed render', { exact: false }).first());
    await visible(page.getByText(/^The render failed, so the 10 credits reserved for it came back\./).first());
    expect(await page.getByText(/tools\/render-farm|simulated/).count()).toBe(0);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const control of [
      page.getByLabel('Prompt', { exact: true }),
      page.getByLabel('Length', { exact: true }),
      page.getByLabel('Resolution', { exact: true }),
      page.getByRole('button', { name: 'Generate', exact: true }),
    ]) {
      const box = await control.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
  });

  it('"Sign up to buy" remembers the pack: after signing up, home has that pack marked', async () => {
    const context = await h.context('en');
    const page = await context.newPage();
    await page.goto('/en');
    await page.getByRole('link', { name: 'Sign up to buy Creator', exact: true }).click();
    await visible(h1(page, COPY.en.signupTitle));
    await page.getByLabel(COPY.en.email, { exact: true }).fill(uniqueEmail('user-side-pack'));
    await page.getByLabel(COPY.en.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: COPY.en.signupSubmit, exact: true }).click();
    await visible(h1(page, COPY.en.homeTitle));
    expect(new URL(page.url()).searchParams.get('pack')).toBe('creator');
    const chosen = page.getByRole('listitem').filter({ hasText: 'Your choice' });
    await visible(chosen);
    expect(await chosen.count()).toBe(1);
    await visible(chosen.getByRole('button', { name: 'Buy Creator', exact: true }));
  });

  it('a signed-in page load never flashes the signed-out header while the session is being asked', async () => {
    const context = await h.context('en');
    const page = await context.newPage();
    await signUp(page, 'user-side-flash');
    let release!: () => void;
    const released = new Promise<void>((done) => (release = done));
    let asked = 0;
    await page.route(/\/api\/auth\/me$/, async (route) => {
      asked += 1;
      await released;
      await route.continue().catch(() => undefined);
    });
    await page.goto('/en/history');
    await expect.poll(() => asked).toBeGreaterThan(0);
    // The header is there (the brand) but says nothing about who is signed in until /me answers.
    await visible(page.getByRole('link', { name: 'Creditcast', exact: true }).first());
    expect(await page.getByRole('link', { name: 'Sign in', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Sign up', exact: true }).count()).toBe(0);
    release();
    await visible(page.getByRole('link', { name: 'History', exact: true }).first());
    expect(await page.getByRole('link', { name: 'Sign in', exact: true }).count()).toBe(0);
  });

  for (const lang of ['en', 'zh'] as Lang[]) {
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      it(`axe, ${lang}, ${size}: home, history, account and studio have no serious or critical violation`, async () => {
        const { page } = await activeUser(lang, `user-side-axe-${lang}-${size}`);
        await page.setViewportSize(viewport);
        const found = [];
        for (const path of ['', '/history', '/account', '/studio'])
          found.push(...(await axeViolations(page, `/${lang}${path}`)));
        if (found.length > 0) console.error(`[axe] ${lang} ${size}:\n${JSON.stringify(found, null, 2)}`);
        expect(found).toEqual([]);
      });
    }
  }
});
