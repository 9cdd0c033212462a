// Specifies the console's form logic: adjustment and refund validation into API bodies, minor units,
// translated API errors, which answers settle an idempotency key, and "more" paging.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { adminErrorMessage, appendPage, isDefinite, parseAdjustment, parseRefund, toMinorUnits } from './admin-forms';
import en from './admin-i18n.en';
import zh from './admin-i18n.zh';

const adminDictionaries = { en, zh };

const NOW = Date.parse('2026-12-02T12:00:00Z');
const grant = { direction: 'grant' as const, amount: '500', expiresAt: '', reason: 'outage', customerNote: '' };

describe('parseAdjustment', () => {
  it('turns a grant into a positive amount with a trimmed reason and no expiry', () => {
    expect(parseAdjustment({ ...grant, reason: '  outage  ' }, NOW)).toEqual({
      ok: true,
      body: { amount: 500, reason: 'outage' },
    });
  });

  it('turns a debit into a negative amount and ignores an expiry typed before switching to debit', () => {
    expect(parseAdjustment({ ...grant, direction: 'debit', expiresAt: '2000-01-01T00:00' }, NOW)).toEqual({
      ok: true,
      body: { amount: -500, reason: 'outage' },
    });
  });

  it('sends a future expiry as an ISO date-time and refuses a past one', () => {
    const future = parseAdjustment({ ...grant, expiresAt: '2027-01-31T10:30' }, NOW);
    expect(future).toEqual({
      ok: true,
      body: { amount: 500, reason: 'outage', expiresAt: new Date('2027-01-31T10:30').toISOString() },
    });
    expect(parseAdjustment({ ...grant, expiresAt: '2026-01-01T00:00' }, NOW)).toEqual({
      ok: false,
      errors: { expiresAt: 'err_expiry' },
    });
  });

  it('sends the customer note trimmed when given, and refuses one over 200 characters', () => {
    expect(parseAdjustment({ ...grant, customerNote: '  Sorry for the wait ' }, NOW)).toEqual({
      ok: true,
      body: { amount: 500, reason: 'outage', customerNote: 'Sorry for the wait' },
    });
    expect(parseAdjustment({ ...grant, customerNote: 'x'.repeat(201) }, NOW)).toEqual({
      ok: false,
      errors: { customerNote: 'err_reason_long' },
    });
  });

  it('names every wrong field at once: empty amount and reason', () => {
    expect(parseAdjustment({ ...grant, amount: ' ', reason: '   ' }, NOW)).toEqual({
      ok: false,
      errors: { amount: 'err_required', reason: 'err_required' },
    });
  });

  it.each(['0', '-5', '1.5', '1000001', 'abc', '1e3'])('refuses the amount %s', (amount) => {
    expect(parseAdjustment({ ...grant, amount }, NOW)).toEqual({ ok: false, errors: { amount: 'err_amount' } });
  });

  it('accepts the bound itself, 1,000,000', () => {
    expect(parseAdjustment({ ...grant, amount: '1000000' }, NOW)).toMatchObject({
      ok: true,
      body: { amount: 1_000_000 },
    });
  });

  it('refuses a reason over 200 characters', () => {
    expect(parseAdjustment({ ...grant, reason: 'x'.repeat(201) }, NOW)).toEqual({
      ok: false,
      errors: { reason: 'err_reason_long' },
    });
  });
});

describe('toMinorUnits and parseRefund', () => {
  it('reads major units with the currency’s own decimals', () => {
    expect(toMinorUnits('5', 'usd')).toBe(500);
    expect(toMinorUnits('5.5', 'usd')).toBe(550);
    expect(toMinorUnits('5,25', 'eur')).toBe(525);
    expect(toMinorUnits('500', 'jpy')).toBe(500);
    expect(toMinorUnits('5.001', 'usd')).toBeUndefined();
    expect(toMinorUnits('5.5', 'jpy')).toBeUndefined();
    expect(toMinorUnits('0', 'usd')).toBeUndefined();
    expect(toMinorUnits('-1', 'usd')).toBeUndefined();
  });

  const purchase = { currency: 'usd', amount: 1000, amountRefunded: 300 };

  it('omits the amount when empty (refund what is left) and converts a typed one', () => {
    expect(parseRefund({ amount: '', reason: 'asked' }, purchase)).toEqual({ ok: true, body: { reason: 'asked' } });
    expect(parseRefund({ amount: '7.00', reason: 'asked' }, purchase)).toEqual({
      ok: true,
      body: { reason: 'asked', amount: 700 },
    });
  });

  it('refuses more than what is left, and a missing reason', () => {
    expect(parseRefund({ amount: '7.01', reason: '' }, purchase)).toEqual({
      ok: false,
      errors: { amount: 'err_money', reason: 'err_required' },
    });
  });
});

describe('adminErrorMessage and isDefinite', () => {
  it('maps the API’s codes to sentences that say what to do, in both languages', () => {
    const cases: [ApiError, string][] = [
      [new ApiError(402, 'insufficient_credits', 'x'), 'err_insufficient'],
      [new ApiError(409, 'nothing_to_refund', 'x'), 'err_nothing_to_refund'],
      [new ApiError(409, 'not_refundable', 'x'), 'err_not_refundable'],
      [new ApiError(409, 'idempotency_conflict', 'x'), 'err_idempotency'],
      [new ApiError(409, 'key_name_taken', 'x'), 'err_key_taken'],
      [new ApiError(404, 'user_not_found', 'x'), 'err_user_not_found'],
      [new ApiError(403, 'forbidden', 'x'), 'err_forbidden'],
      [new ApiError(401, 'unauthorized', 'x'), 'err_signed_out'],
      [new ApiError(502, 'stripe_unavailable', 'x'), 'err_stripe'],
      [new ApiError(0, 'network_error', 'x'), 'error_network'],
    ];
    for (const [error, key] of cases) {
      expect(adminErrorMessage(error)).toEqual({ key });
      if (key.startsWith('err_')) {
        expect(adminDictionaries.en[key as keyof typeof adminDictionaries.en]).toBeTruthy();
        expect(adminDictionaries.zh[key as keyof typeof adminDictionaries.zh]).not.toBe(
          adminDictionaries.en[key as keyof typeof adminDictionaries.en],
        );
      }
    }
  });

  it('passes a 400’s message on as the detail', () => {
    expect(adminErrorMessage(new ApiError(400, 'invalid_request', 'expiresAt: must be in the future'))).toEqual({
      key: 'err_invalid',
      message: 'expiresAt: must be in the future',
    });
  });

  it('settles the idempotency key on a 4xx only: a network error or 5xx keeps it for the retry', () => {
    expect(isDefinite(new ApiError(402, 'insufficient_credits', ''))).toBe(true);
    expect(isDefinite(new ApiError(409, 'idempotency_conflict', ''))).toBe(true);
    expect(isDefinite(new ApiError(0, 'network_error', ''))).toBe(false);
    expect(isDefinite(new ApiError(502, 'stripe_error', ''))).toBe(false);
  });
});

describe('appendPage', () => {
  it('appends the next page, skips rows already shown, and takes the new cursor', () => {
    const shown = { items: [{ id: 5 }, { id: 4 }], nextCursor: '4' };
    const next = { items: [{ id: 4 }, { id: 3 }], nextCursor: null };
    expect(appendPage(shown, next, (x) => x.id)).toEqual({
      items: [{ id: 5 }, { id: 4 }, { id: 3 }],
      nextCursor: null,
    });
  });
});
