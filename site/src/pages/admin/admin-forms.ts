// The console's form logic, without the DOM: validating an adjustment or a refund into the API's
// body (or per-field errors), turning money typed in major units into Stripe's minor units, the
// API's errors as translated sentences that say what to do, and appending "more" pages.
import { type AdjustmentBody, ApiError, type RefundBody } from '../../lib/api';
import type { AdminKey } from './admin-i18n';

export const MAX_ADJUSTMENT = 1_000_000;
const MAX_REASON = 200;

export type FieldErrors<F extends string> = Partial<Record<F, AdminKey>>;
export type Parsed<B, F extends string> = { ok: true; body: B } | { ok: false; errors: FieldErrors<F> };

export interface AdjustmentInput {
  direction: 'grant' | 'debit';
  amount: string;
  /** A datetime-local value ("2026-12-31T12:00") or empty. */
  expiresAt: string;
  /** Internal: operators only. */
  reason: string;
  /** What the customer reads; empty = the server's neutral default. */
  customerNote: string;
}
export type AdjustmentField = 'amount' | 'expiresAt' | 'reason' | 'customerNote';

function reasonError(reason: string): AdminKey | undefined {
  const trimmed = reason.trim();
  if (!trimmed) return 'err_required';
  if (trimmed.length > MAX_REASON) return 'err_reason_long';
  return undefined;
}

/** The adjustment body without its idempotency key, or what is wrong with each field. */
export function parseAdjustment(
  input: AdjustmentInput,
  now = Date.now(),
): Parsed<Omit<AdjustmentBody, 'idempotencyKey'>, AdjustmentField> {
  const errors: FieldErrors<AdjustmentField> = {};
  const text = input.amount.trim();
  const n = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
  if (!text) errors.amount = 'err_required';
  else if (!Number.isInteger(n) || n < 1 || n > MAX_ADJUSTMENT) errors.amount = 'err_amount';
  let expiresAt: string | undefined;
  if (input.direction === 'grant' && input.expiresAt.trim()) {
    const at = new Date(input.expiresAt).getTime();
    if (Number.isNaN(at) || at <= now) errors.expiresAt = 'err_expiry';
    else expiresAt = new Date(at).toISOString();
  }
  const reason = reasonError(input.reason);
  if (reason) errors.reason = reason;
  const note = input.customerNote.trim();
  if (note.length > MAX_REASON) errors.customerNote = 'err_reason_long';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      amount: input.direction === 'grant' ? n : -n,
      reason: input.reason.trim(),
      ...(note ? { customerNote: note } : {}),
      ...(expiresAt ? { expiresAt } : {}),
    },
  };
}

/** Digits after the point in a currency's major unit (2 for USD, 0 for JPY), from Intl. */
export function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** "5", "5.5", "5.50" → 550 (USD); undefined when it is not a positive amount with at most the currency's digits. */
export function toMinorUnits(text: string, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return minor > 0 ? minor : undefined;
}

export type RefundField = 'amount' | 'reason';

/** The refund body without its idempotency key; an empty amount refunds what is left. */
export function parseRefund(
  input: { amount: string; reason: string },
  purchase: { currency: string; amount: number; amountRefunded: number },
): Parsed<Omit<RefundBody, 'idempotencyKey'>, RefundField> {
  const errors: FieldErrors<RefundField> = {};
  let amount: number | undefined;
  if (input.amount.trim()) {
    amount = toMinorUnits(input.amount, purchase.currency);
    if (amount === undefined || amount > purchase.amount - purchase.amountRefunded) errors.amount = 'err_money';
  }
  const reason = reasonError(input.reason);
  if (reason) errors.reason = reason;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, body: { reason: input.reason.trim(), ...(amount === undefined ? {} : { amount }) } };
}

const BY_CODE: Record<string, AdminKey> = {
  insufficient_credits: 'err_insufficient',
  user_not_found: 'err_user_not_found',
  not_refundable: 'err_not_refundable',
  nothing_to_refund: 'err_nothing_to_refund',
  idempotency_conflict: 'err_idempotency',
  key_name_taken: 'err_key_taken',
  key_not_found: 'err_key_not_found',
  settle_instead: 'err_settle_instead',
  session_not_paid: 'err_session_not_paid',
};

/** A translated sentence for an API failure: a dictionary key, with the server's words where they are the detail. */
export function adminErrorMessage(error: unknown): {
  key: AdminKey | 'error_network' | 'error_generic';
  message?: string;
} {
  if (!(error instanceof ApiError)) return { key: 'error_generic' };
  if (error.status === 0) return { key: 'error_network' };
  if (error.status === 401) return { key: 'err_signed_out' };
  if (error.status === 403) return { key: 'err_forbidden' };
  const known = BY_CODE[error.code];
  if (known) return { key: known };
  // Operators see the validator's own detail (which field, why): the console is a tool, not a shop window.
  if (error.status === 400) return { key: 'err_invalid', message: error.serverMessage };
  if (error.status >= 500) return { key: 'err_stripe' };
  return { key: 'error_generic' };
}

/** A definite answer (success or a 4xx) settles the pending idempotency key; a network error or 5xx keeps it for the retry. */
export function isDefinite(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

/** Appends a "more" page, skipping rows already shown (by id), and takes its cursor. */
export function appendPage<T>(shown: Paged<T>, page: Paged<T>, idOf: (item: T) => string | number): Paged<T> {
  const seen = new Set(shown.items.map(idOf));
  return {
    items: [...shown.items, ...page.items.filter((item) => !seen.has(idOf(item)))],
    nextCursor: page.nextCursor,
  };
}
