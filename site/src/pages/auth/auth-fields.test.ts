// Specifies sign-up's field checks: the browser-side ones, the API's answers mapped to fields, the focus order.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { checkSignupFields, firstInvalidField, signupFieldErrors } from './auth-fields';

describe('checkSignupFields', () => {
  it('marks a bad email and a short password each on its own field', () => {
    expect(checkSignupFields('not-an-email', 'short')).toEqual({
      email: 'err_email_invalid',
      password: 'err_password_short',
    });
  });

  it('marks only the field that is wrong', () => {
    expect(checkSignupFields('ada@example.com', '1234567')).toEqual({ password: 'err_password_short' });
    expect(checkSignupFields('ada@example', 'long enough')).toEqual({ email: 'err_email_invalid' });
    expect(checkSignupFields('  ', '')).toEqual({ email: 'err_email_required', password: 'err_password_required' });
    expect(checkSignupFields('ada@example.com', 'x'.repeat(1025))).toEqual({ password: 'err_password_long' });
  });

  it('lets a valid email (spaces trimmed) and an 8-character password through', () => {
    expect(checkSignupFields(' ada@example.com ', '12345678')).toEqual({});
  });
});

describe('signupFieldErrors', () => {
  it("maps the API's 400 to the field it names and 409 to the email", () => {
    expect(signupFieldErrors(new ApiError(400, 'invalid_request', 'email: must be a valid email address'))).toEqual({
      email: 'err_email_invalid',
    });
    expect(signupFieldErrors(new ApiError(400, 'invalid_request', 'password: must be at least 8 characters'))).toEqual({
      password: 'err_password_short',
    });
    expect(
      signupFieldErrors(
        new ApiError(400, 'invalid_request', 'password: must be valid Unicode text (no unpaired surrogates)'),
      ),
    ).toEqual({ password: 'err_password_invalid' });
    expect(signupFieldErrors(new ApiError(409, 'email_taken', 'An account with this email already exists.'))).toEqual({
      email: 'err_email_taken',
    });
  });

  it('leaves answers about no field to the form-level alert', () => {
    expect(signupFieldErrors(new ApiError(429, 'rate_limited', 'Too many requests.'))).toBeNull();
    expect(signupFieldErrors(new ApiError(400, 'invalid_json', 'The request body is not valid JSON.'))).toBeNull();
    expect(signupFieldErrors(new Error('boom'))).toBeNull();
  });
});

describe('firstInvalidField', () => {
  it('is the first bad field in the order the form shows them', () => {
    expect(firstInvalidField({ password: 'err_password_short', email: 'err_email_invalid' })).toBe('email');
    expect(firstInvalidField({ password: 'err_password_short' })).toBe('password');
    expect(firstInvalidField({})).toBeUndefined();
  });
});
