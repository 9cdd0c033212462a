// Specifies what Generate's failures say (402 offers the packs, 503 says nothing was charged) and the Studio words' parity.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../lib/api';
import { dictionaryProblems, loadWords } from '../../lib/page-words';
import en from './studio-words.en';
import zh from './studio-words.zh';

// As the layout does before any page renders: the error sentences are a per-locale words set.
beforeAll(() => loadWords('en'));

vi.mock('../../lib/live-balance', () => ({ onJobUpdate: vi.fn(), onReconnect: vi.fn(), reportBalance: vi.fn() }));
const { generateError } = await import('./studio-data');

describe('generateError', () => {
  it('402: not enough credits, with the packs', () => {
    expect(generateError(new ApiError(402, 'insufficient_credits', 'x'))).toEqual({
      tone: 'error',
      key: 'studio_err_insufficient',
      packs: true,
    });
  });
  it('503: the render farm is unavailable and nothing was charged', () => {
    expect(generateError(new ApiError(503, 'render_farm_unavailable', 'x'))).toEqual({
      tone: 'error',
      key: 'studio_err_farm',
    });
  });
  it('network failure and other errors', () => {
    expect(generateError(new ApiError(0, 'network_error', 'x'))).toEqual({ tone: 'error', key: 'error_network' });
    expect(generateError(new ApiError(400, 'invalid_request', 'prompt: must not be empty'))).toEqual({
      tone: 'error',
      text: 'Some of what you entered is not valid. Check it and try again.',
    });
  });
});

describe('the Studio words', () => {
  it('have the same keys and placeholders in en and zh, and no empty string', () => {
    expect(dictionaryProblems({ en, zh })).toEqual([]);
  });
});
