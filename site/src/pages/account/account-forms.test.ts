// Specifies the account page's form logic: per-field checks, API errors placed and translated, device names.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { accountError, checkPasswordChange, deviceSummary } from './account-forms';
import en from './account-i18n.en';
import zh from './account-i18n.zh';

const accountDictionaries = { en, zh };

describe('checkPasswordChange', () => {
  it('requires the current password and a new one of 8 to 1024 characters, each on its field', () => {
    expect(checkPasswordChange('', 'short')).toEqual({
      currentPassword: 'err_required',
      newPassword: 'err_password_short',
    });
    expect(checkPasswordChange('old one', '')).toEqual({ newPassword: 'err_required' });
    expect(checkPasswordChange('old one', 'x'.repeat(1025))).toEqual({ newPassword: 'err_password_long' });
    expect(checkPasswordChange('old one', '12345678')).toEqual({});
  });
});

describe('accountError', () => {
  it('puts a wrong password under the password field that was checked', () => {
    const wrong = new ApiError(403, 'wrong_password', 'The current password is incorrect.');
    expect(accountError(wrong, 'currentPassword')).toEqual({ field: 'currentPassword', key: 'err_wrong_password' });
    expect(accountError(wrong, 'password')).toEqual({ field: 'password', key: 'err_wrong_password' });
  });

  it("maps the API's 400 on newPassword to that field", () => {
    const short = new ApiError(400, 'invalid_request', 'newPassword: must be at least 8 characters');
    expect(accountError(short, 'currentPassword')).toEqual({ field: 'newPassword', key: 'err_password_short' });
  });

  it('says what to do for refusals that are about the account, not a field', () => {
    expect(accountError(new ApiError(409, 'negative_balance', 'x'), 'password')).toEqual({
      key: 'err_negative_balance',
    });
    expect(accountError(new ApiError(409, 'subscription_active', 'x'), 'password')).toEqual({
      key: 'err_subscription_active',
    });
    expect(accountError(new ApiError(404, 'session_not_found', 'x'), 'password')).toEqual({ key: 'err_session_gone' });
    expect(accountError(new ApiError(429, 'rate_limited', 'x'), 'password')).toEqual({ key: 'err_rate_limited' });
    expect(accountError(new ApiError(0, 'network_error', 'x'), 'password')).toEqual({ key: 'err_network' });
    expect(accountError(new Error('boom'), 'password')).toEqual({ key: 'err_generic' });
  });

  it('has a sentence in both languages for every key', () => {
    for (const key of Object.keys(accountDictionaries.en) as (keyof typeof accountDictionaries.en)[]) {
      expect(accountDictionaries.zh[key], key).toMatch(/\S/);
      expect(accountDictionaries.zh[key], key).not.toBe(accountDictionaries.en[key]);
    }
  });
});

describe('deviceSummary', () => {
  it('names the browser and the system from common User-Agent headers', () => {
    expect(
      deviceSummary(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome · macOS');
    expect(
      deviceSummary(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari · iPhone');
    expect(deviceSummary('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox · Windows',
    );
    expect(
      deviceSummary(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge · Windows');
  });

  it('is null when there is nothing to go on', () => {
    expect(deviceSummary(null)).toBeNull();
    expect(deviceSummary('curl/8.5.0')).toBeNull();
  });
});
