// Every error code the Worker can answer with has an en and a zh sentence; unknown codes get the generic one.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { authErrorMessage } from '../pages/auth/auth-errors';
import { accountApi } from './account-api';
import accountEn from './account-error-messages.en';
import accountZh from './account-error-messages.zh';
import { adminApi } from './admin-api';
import adminEn from './admin-error-messages.en';
import adminZh from './admin-error-messages.zh';
import apiOnlyEn from './api-only-error-messages.en';
import apiOnlyZh from './api-only-error-messages.zh';
import authEn from './auth-error-messages.en';
import authZh from './auth-error-messages.zh';
import { errorMessage } from './error-messages';
import en from './error-messages.en';
import zh from './error-messages.zh';
import { loadWords } from './page-words';
import purchaseEn from './purchase-error-messages.en';
import purchaseZh from './purchase-error-messages.zh';
import studioEn from './studio-error-messages.en';
import studioZh from './studio-error-messages.zh';

/** Every set's sentences, by code: the site-wide one and the console's and the account page's own. */
const pairs: [Record<string, string>, Record<string, string>][] = [
  [en, zh],
  [adminEn, adminZh],
  [accountEn, accountZh],
  [authEn, authZh],
  [studioEn, studioZh],
  [purchaseEn, purchaseZh],
  [apiOnlyEn, apiOnlyZh],
];
const ERROR_MESSAGES: Record<string, { en: string; zh: string }> = Object.fromEntries(
  pairs.flatMap(([e, z]) => Object.entries(e).map(([code, text]) => [code, { en: text, zh: z[code] as string }])),
);
const GENERIC_ERROR = ERROR_MESSAGES.generic_error as { en: string; zh: string };

beforeAll(() => loadWords('en', 'zh'));

/** Every Worker module's text (Vite reads them at test time; tests and declarations left out). */
const workerSources = import.meta.glob(['../../../worker/**/*.ts', '!**/*.test.ts', '!**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Codes the Worker throws: the errors.ts helpers' first argument, `new AppError(status, 'code'`, and its status table. */
function workerErrorCodes(): Set<string> {
  const codes = new Set<string>();
  const helper =
    /\b(?:badRequest|unauthorized|paymentRequired|forbidden|notFound|conflict|notConfigured|badGateway|serviceUnavailable)\(\s*'([a-z_]+)'/g;
  const appError = /new (?:AppError|RateLimitedError)\(\s*\d*,?\s*'([a-z_]+)'/g;
  const literal = /code: '([a-z_]+)'|\d{3}: '([a-z_]+)'|\? '([a-z_]+)'/g;
  for (const [file, text] of Object.entries(workerSources)) {
    for (const re of [helper, appError]) for (const m of text.matchAll(re)) codes.add(m[1] as string);
    if (file.endsWith('errors.ts')) {
      for (const m of text.matchAll(literal)) codes.add((m[1] ?? m[2] ?? m[3]) as string);
      // The helpers' defaults and the fixed codes: unauthorized(), notFound(), payload_too_large, 429, 426.
      for (const m of text.matchAll(/new AppError\(\d+, '([a-z_]+)'/g)) codes.add(m[1] as string);
      for (const m of text.matchAll(/code = '([a-z_]+)'/g)) codes.add(m[1] as string);
    }
  }
  codes.add('rate_limited');
  return codes;
}

describe('error messages', () => {
  it('finds the Worker codes it must cover (the grep itself works)', () => {
    const codes = workerErrorCodes();
    for (const known of [
      'unauthorized',
      'insufficient_credits',
      'email_taken',
      'not_found',
      'internal_error',
      'invalid_json',
    ])
      expect(codes).toContain(known);
    expect(codes.size).toBeGreaterThan(30);
  });

  it('has an en and a zh sentence for every code the Worker can return', () => {
    const missing = [...workerErrorCodes()].filter((code) => !ERROR_MESSAGES[code]);
    expect(missing).toEqual([]);
  });

  it('every sentence exists in every locale, and zh is not English', () => {
    for (const [code, text] of Object.entries(ERROR_MESSAGES)) {
      for (const locale of ['en', 'zh'] as const) expect(text[locale], `${code}.${locale}`).toMatch(/\S/);
      expect(text.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(text.zh, code).not.toBe(text.en);
    }
  });

  it('says what to do about being signed out, in the page language', () => {
    expect(errorMessage('unauthorized', 'en')).toBe('You are signed out. Sign in to continue.');
    expect(errorMessage('unauthorized', 'zh')).toBe('你已退出登录。请登录后继续。');
  });

  it('gives an unknown code the generic translated sentence', () => {
    expect(errorMessage('http_502', 'en')).toBe(GENERIC_ERROR.en);
    expect(errorMessage('some_future_code', 'zh')).toBe(GENERIC_ERROR.zh);
    expect(GENERIC_ERROR.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('finds an area code once that area is loaded (the console registers its own set), and no code is in two sets', () => {
    // Imported above: their sentences are registered, and beforeAll loaded them.
    expect([adminApi, accountApi]).toHaveLength(2);
    expect(errorMessage('key_name_taken', 'en')).toBe(adminEn.key_name_taken);
    expect(errorMessage('wrong_password', 'zh')).toBe(accountZh.wrong_password);
    const codes = pairs.flatMap(([e]) => Object.keys(e));
    expect(codes.length).toBe(new Set(codes).size);
  });

  it('keeps the codes only some pages meet out of the set every page loads, and finds them once those load', () => {
    const areaOnly = [
      ...Object.keys(authEn),
      ...Object.keys(studioEn),
      ...Object.keys(purchaseEn),
      ...Object.keys(apiOnlyEn),
    ];
    expect(areaOnly).toEqual(expect.arrayContaining(['email_taken', 'render_farm_unavailable', 'unknown_pack']));
    for (const code of areaOnly) expect(Object.keys(en), code).not.toContain(code);
    // The sign-in page's module is imported above: its set is registered and loaded.
    expect(typeof authErrorMessage).toBe('function');
    expect(errorMessage('email_taken', 'zh')).toBe(authZh.email_taken);
  });

  it('is undefined until its locale has loaded (ApiError then keeps the server message)', async () => {
    // A fresh module instance: this file's beforeAll loaded the shared one.
    vi.resetModules();
    const fresh = await import('./error-messages');
    expect(fresh.errorMessage('unauthorized', 'en')).toBeUndefined();
    await (await import('./page-words')).loadWords('en');
    expect(fresh.errorMessage('unauthorized', 'en')).toBe('You are signed out. Sign in to continue.');
  });
});
