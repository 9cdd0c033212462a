// Specifies what sign-in and sign-up say for each API error.
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { dictionaryProblems, loadWords } from '../../lib/page-words';
import { authErrorMessage } from './auth-errors';
import en from './auth-words.en';
import zh from './auth-words.zh';

// As the layout does before any page renders: the error sentences are a per-locale words set.
beforeAll(() => loadWords('en'));

describe('authErrorMessage', () => {
  it('translates the answers the API documents', () => {
    expect(authErrorMessage('signin', new ApiError(401, 'invalid_credentials', 'Wrong email or password.'))).toEqual({
      key: 'err_bad_credentials',
    });
    expect(authErrorMessage('signup', new ApiError(409, 'email_taken', 'Email taken.'))).toEqual({
      key: 'err_email_taken',
    });
    expect(authErrorMessage('signup', new ApiError(400, 'invalid', 'Password too short.'))).toEqual({
      key: 'err_invalid_signup',
    });
    expect(authErrorMessage('signin', new ApiError(0, 'network_error', 'Failed to fetch'))).toEqual({
      key: 'error_network',
    });
  });

  it('shows the translated sentence for its code for anything else', () => {
    expect(authErrorMessage('signin', new ApiError(429, 'rate_limited', 'Too many attempts. Wait a minute.'))).toEqual({
      text: 'Too many attempts. Wait a minute, then try again.',
    });
    expect(authErrorMessage('signin', new Error('boom'))).toEqual({ key: 'error_generic' });
  });
});

describe('the sign-in and sign-up dictionaries', () => {
  it('have the same keys and placeholders in en and zh, none empty', () => {
    expect(dictionaryProblems({ en, zh })).toEqual([]);
  });
});
