// Studio in Chromium against the dev stack with the render farm: credits reserved at once, the render
// followed live (this tab and a second one), captured cost and returned rest, a failing render, the
// 402 path with the packs, a job finishing while the tab is closed, and "N reserved" in the header.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { hasText, header, liveReady, me, signUp, UI_TIMEOUT_MS, visible } from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';

const h = useHarness();
const copy = COPY.en;
const RENDER_TIMEOUT_MS = 60_000;

/** Grants credits through the service API with this stack's render-farm key (a client like any app backend). */
async function grant(context: BrowserContext, amount: number): Promise<void> {
  const { id } = await me(context);
  const res = await fetch(`${h.appUrl}/api/v1/users/${id}/grants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${inject('serviceApiKey')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount, reason: 'e2e studio', idempotencyKey: `studio-${id}-${amount}` }),
  });
  expect(res.status).toBe(201);
}

async function openStudio(page: Page): Promise<void> {
  await page.goto('/en/studio');
  await visible(page.getByRole('heading', { level: 1, name: 'Studio', exact: true }));
  await liveReady(page);
}

const jobRow = (page: Page, prompt: string) => page.getByRole('row', { name: new RegExp(prompt) });

/** Starts a job through the page's own cookie (the UI has no "fail" option). */
async function startJobByApi(page: Page, body: Record<string, unknown>): Promise<number> {
  return page.evaluate(async (json) => {
    const res = await fetch('/api/studio/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...json, idempotencyKey: crypto.randomUUID() }),
    });
    return res.status;
  }, body);
}

async function signedUpWith(credits: number, tag: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.context();
  const page = await context.newPage();
  await signUp(page, tag);
  if (credits > 0) await grant(context, credits);
  return { context, page };
}

describe('Studio', () => {
  it('Generate reserves at once, then the render is followed live to its captured cost in this tab and a second one', async () => {
    const { context, page } = await signedUpWith(500, 'studio-ok');
    const second = await context.newPage();
    await openStudio(second);
    await openStudio(page);
    await hasText(header.balance(page), copy.credits(500));

    await page.getByLabel('Prompt', { exact: true }).fill('a lighthouse at dawn');
    await page.getByLabel('Length', { exact: true }).selectOption('10');
    await page.getByLabel('Resolution', { exact: true }).selectOption('720p');
    await visible(page.getByText('Up to 40 credits; you pay what the render uses.', { exact: true }));
    await page.getByRole('button', { name: 'Generate', exact: true }).click();

    await visible(page.getByRole('status').filter({ hasText: '40 credits reserved. The render is queued.' }));
    const row = jobRow(page, 'a lighthouse at dawn');
    await visible(row.getByRole('cell', { name: /^\d+ spent, \d+ returned$/ }), RENDER_TIMEOUT_MS);
    await visible(row.getByRole('cell', { name: 'Done', exact: true }));
    const [, captured, returned] = /^(\d+) spent, (\d+) returned$/.exec(
      (await row.getByRole('cell', { name: /spent/ }).textContent()) ?? '',
    ) as unknown as [string, string, string];
    expect(Number(captured) + Number(returned)).toBe(40);
    expect(Number(captured)).toBeGreaterThan(0);
    await hasText(header.balance(page), copy.credits(500 - Number(captured)));
    expect(await me(context)).toMatchObject({ credits: 500 - Number(captured) });

    // The second tab never clicked anything: it heard the same story on its own socket.
    const otherRow = jobRow(second, 'a lighthouse at dawn');
    await visible(otherRow.getByRole('cell', { name: `${captured} spent, ${returned} returned`, exact: true }));
    await hasText(header.balance(second), copy.credits(500 - Number(captured)));
  });

  it('a failing render returns everything it reserved', async () => {
    const { context, page } = await signedUpWith(500, 'studio-fail');
    await openStudio(page);
    expect(await startJobByApi(page, { prompt: 'a doomed render', seconds: 10, resolution: '720p', fail: true })).toBe(
      201,
    );
    const row = jobRow(page, 'a doomed render');
    await visible(row.getByRole('cell', { name: 'Failed', exact: true }), RENDER_TIMEOUT_MS);
    await visible(row.getByRole('cell', { name: 'All 40 returned', exact: true }));
    await hasText(header.balance(page), copy.credits(500));
    expect(await me(context)).toMatchObject({ credits: 500, held: 0 });
  });

  it('not enough credits: "not enough credits" with the packs right there, nothing reserved', async () => {
    const { context, page } = await signedUpWith(0, 'studio-402');
    await openStudio(page);
    await page.getByLabel('Prompt', { exact: true }).fill('too expensive');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'Not enough credits for this video.' }));
    await visible(page.getByRole('button', { name: /^Buy / }).first());
    await visible(page.getByText(/^About \d+ videos of 10 s$/).first());
    expect(await me(context)).toMatchObject({ credits: 0, held: 0 });
    await visible(page.getByText('No videos yet.', { exact: true }));
  });

  it('a render finishing while the tab is closed shows in the job list after reopening', async () => {
    const { context, page } = await signedUpWith(500, 'studio-closed');
    await openStudio(page);
    expect(await startJobByApi(page, { prompt: 'while you were away', seconds: 5, resolution: '480p' })).toBe(201);
    await page.close();
    // Wait (without a tab) until the server says the job is settled.
    await expect
      .poll(
        async () => {
          const res = await context.request.get('/api/studio/jobs');
          const { jobs } = (await res.json()) as { jobs: { prompt: string; status: string }[] };
          return jobs.find((j) => j.prompt === 'while you were away')?.status;
        },
        { timeout: RENDER_TIMEOUT_MS, interval: 250 },
      )
      .toBe('done');
    const reopened = await context.newPage();
    await openStudio(reopened);
    const row = jobRow(reopened, 'while you were away');
    await visible(row.getByRole('cell', { name: 'Done', exact: true }));
    await visible(row.getByRole('cell', { name: /^\d+ spent, \d+ returned$/ }));
  });

  it('the header shows "N reserved" while a hold is active, and drops it once the render settles', async () => {
    const { page } = await signedUpWith(500, 'studio-held');
    await openStudio(page);
    // 20 s at 1080p: the longest render, so the hold is visibly active for a while.
    expect(await startJobByApi(page, { prompt: 'a long one', seconds: 20, resolution: '1080p' })).toBe(201);
    await visible(page.getByRole('status', { name: '160 reserved', exact: true }));
    await visible(jobRow(page, 'a long one').getByRole('cell', { name: 'Done', exact: true }), RENDER_TIMEOUT_MS);
    await expect
      .poll(() => page.getByRole('status', { name: /reserved$/ }).count(), { timeout: UI_TIMEOUT_MS })
      .toBe(0);
  });
});
