// Specifies the API client's request shape and its ApiError mapping (fetch stubbed).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, api, toApiError } from './api';
import { creditsApi } from './credits-api';
import { loadWords, switchLocale } from './page-words';

// As the layout does before any page renders: the error sentences are a per-locale words set.
beforeAll(() => loadWords('en'));
afterEach(() => vi.unstubAllGlobals());

function stubFetch(response: Response | Error) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('toApiError', () => {
  it('reads the documented error body', () => {
    const error = toApiError(402, { error: { code: 'insufficient_credits', message: 'Not enough credits.' } });
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.serverMessage]).toEqual([
      402,
      'insufficient_credits',
      'Not enough credits.',
    ]);
    // What a person reads is the code's sentence in the page's language, never the server's English.
    expect(error.message).toBe('Not enough credits for that. Buy a pack first.');
  });

  it("keeps the error object's other string fields (settle_instead names the session to settle)", () => {
    const error = toApiError(409, { error: { code: 'settle_instead', message: 'm', sessionId: 'cs_1', n: 2 } });
    expect(error.fields).toEqual({ sessionId: 'cs_1' });
    expect(toApiError(400, { error: { code: 'invalid_request', message: 'x' } }).fields).toEqual({});
  });

  it('says it in Chinese on /zh', async () => {
    await switchLocale('zh');
    try {
      const error = toApiError(401, { error: { code: 'unauthorized', message: 'Sign in to continue.' } });
      expect(error.message).toBe('你已退出登录。请登录后继续。');
    } finally {
      await switchLocale('en');
    }
  });

  it('still gives a code and message for bodies that are not the documented shape', () => {
    const error = toApiError(502, null, 'Bad Gateway');
    expect([error.status, error.code, error.serverMessage]).toEqual([502, 'http_502', 'Bad Gateway']);
    expect(error.message).toBe('Something went wrong. Please try again; if it keeps happening, contact support.');
  });
});

describe('api', () => {
  it('posts JSON with same-origin credentials', async () => {
    const fetch = stubFetch(json(201, { sessionId: 'cs_1', url: 'https://checkout.example/cs_1' }));
    await expect(creditsApi.createCheckout('pack_1000', { locale: 'zh', idempotencyKey: 'k1' })).resolves.toEqual({
      sessionId: 'cs_1',
      url: 'https://checkout.example/cs_1',
    });
    const [url, init = {}] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/checkout');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(JSON.parse(String(init.body))).toEqual({ packId: 'pack_1000', locale: 'zh', idempotencyKey: 'k1' });
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('throws ApiError with the server code and message', async () => {
    stubFetch(json(402, { error: { code: 'insufficient_credits', message: 'Not enough credits.' } }));
    await expect(creditsApi.spend(10, 'demo', 'k1')).rejects.toMatchObject({
      status: 402,
      code: 'insufficient_credits',
      serverMessage: 'Not enough credits.',
      message: 'Not enough credits for that. Buy a pack first.',
    });
  });

  it('reports a network failure as status 0', async () => {
    stubFetch(new TypeError('Failed to fetch'));
    await expect(api.me()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('accepts 204 without a body (logout)', async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(api.logout()).resolves.toBeUndefined();
  });

  it('escapes the session id and builds the ledger query', async () => {
    const fetch = stubFetch(json(200, { entries: [], nextCursor: null }));
    await creditsApi.ledger(10, 'abc=');
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/credits/ledger?limit=10&cursor=abc%3D');
    const fetch2 = stubFetch(json(200, { sessionId: 'a/b', status: 'open', credits: 1000, balance: 0 }));
    await api.checkoutStatus('a/b');
    expect(fetch2.mock.calls[0]?.[0]).toBe('/api/checkout/a%2Fb');
  });

  it('unwraps the packs list', async () => {
    const pack = { id: 'p', name: 'Starter', credits: 1000, amount: 999, currency: 'usd' };
    stubFetch(json(200, { packs: [pack] }));
    await expect(creditsApi.packs()).resolves.toEqual([pack]);
  });
});
