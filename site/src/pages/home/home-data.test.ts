// Specifies the home page's buy and spend flows across a reload: an attempt whose answer never came
// is retried with the same idempotency key, taken from sessionStorage (fetch and storage stubbed).
import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/live-balance', () => ({ balance: () => 0, reportBalance: vi.fn() }));

/** A page load: a fresh module graph (in-memory state gone), the same sessionStorage. */
async function loadPage() {
  vi.resetModules();
  const { createHomeData } = await import('./home-data');
  return createRoot(() => createHomeData());
}

type Call = { url: string; body: Record<string, unknown> | undefined };
let calls: Call[];
let answer: (url: string) => Response | Error;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(() => {
  calls = [];
  answer = () => json(200, {});
  const store = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  vi.stubGlobal('window', { addEventListener: vi.fn(), removeEventListener: vi.fn() });
  vi.stubGlobal('location', { assign: vi.fn() });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
      calls.push({ url, body });
      if (url.startsWith('/api/packs')) return json(200, { packs: [] });
      if (url.startsWith('/api/history')) return json(200, { entries: [], nextCursor: null });
      const a = answer(url);
      if (a instanceof Error) throw a;
      return a;
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

const keysSentTo = (path: string) => calls.filter((c) => c.url === path).map((c) => c.body?.idempotencyKey);

describe('the demo spend asks first', () => {
  it('a click only asks: nothing is sent until the confirm, and a cancel sends nothing at all', async () => {
    answer = () => json(200, { credits: 90, entryId: 7 });
    const page = await loadPage();
    page.askSpend();
    expect(page.confirmingSpend()).toBe(true);
    page.cancelSpend();
    expect(page.confirmingSpend()).toBe(false);
    expect(keysSentTo('/api/credits/spend')).toEqual([]);

    page.askSpend();
    await page.spendDemo();
    expect(keysSentTo('/api/credits/spend')).toHaveLength(1);
    expect(page.confirmingSpend()).toBe(false);
    expect(page.spendNotice()).toEqual({ tone: 'ok', key: 'spend_done' });
  });
});

describe('home data across a reload', () => {
  it('retries a spend whose answer was lost with the same key, then starts a new one after the answer', async () => {
    answer = () => new TypeError('Failed to fetch');
    await (await loadPage()).spendDemo();

    answer = () => json(200, { credits: 90, entryId: 7 });
    await (await loadPage()).spendDemo(); // the reload: nothing in memory survives
    const [lost, retried] = keysSentTo('/api/credits/spend');
    expect(typeof lost).toBe('string');
    expect(retried).toBe(lost);

    await (await loadPage()).spendDemo();
    expect(keysSentTo('/api/credits/spend')[2]).not.toBe(lost);
  });

  it('retries a buy whose answer was lost (a 503) with the same key after a reload, and follows the Checkout URL', async () => {
    answer = () => json(503, { error: { code: 'stripe_unavailable', message: 'Try again.' } });
    await (await loadPage()).buy('pack_starter');

    answer = () => json(201, { sessionId: 'cs_1', url: 'http://127.0.0.1:12111/pay/cs_1' });
    await (await loadPage()).buy('pack_starter');
    const [lost, retried] = keysSentTo('/api/checkout');
    expect(typeof lost).toBe('string');
    expect(retried).toBe(lost);
    expect(location.assign).toHaveBeenCalledWith('http://127.0.0.1:12111/pay/cs_1');
  });

  it('drops the key after a definite refusal (4xx), so the next attempt is a new request', async () => {
    answer = () => json(402, { error: { code: 'insufficient_credits', message: 'Not enough credits.' } });
    await (await loadPage()).spendDemo();
    await (await loadPage()).spendDemo();
    const [first, second] = keysSentTo('/api/credits/spend');
    expect(second).not.toBe(first);
  });
});
