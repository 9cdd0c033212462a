// The request fields every money route shares, defined once: the cookie routes, the service API,
// the Studio and the console validate (and document) them alike.
import * as z from 'zod/mini';
import { LOCALES } from './vocabulary/locales';

/** A whole number of credits, 1 … max. */
export const credits = (max = 1_000_000_000) =>
  z
    .number('must be a number')
    .check(z.int('must be a whole number'), z.positive('must be positive'), z.lte(max, 'is too large'));

/** Why credits move: shown in the ledger and the history. */
export const reason = z
  .string('must be a string')
  .check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200, 'must be at most 200 characters'));

/** The caller's key: the same key again answers the same and moves nothing. */
export const idempotencyKey = z
  .string('must be a string')
  .check(z.minLength(1, 'must be 1-255 characters'), z.maxLength(255, 'must be 1-255 characters'));

/** A future expiry, ISO-8601 with an offset (checked against the clock by the route). */
export const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' });

/**
 * The latest expiry any route accepts (inclusive). Durable Object alarms refuse dates past ~2189, and
 * a lot expiring then once stopped its user's live balance; nothing needs credit to outlive 2100.
 * The room also clamps its alarm (MAX_ALARM_AHEAD_MS in worker/live/balance-room.ts) for older data.
 */
export const LATEST_EXPIRY = '2100-01-01T00:00:00Z';
const LATEST_EXPIRY_MS = Date.parse(LATEST_EXPIRY);

/** A lot's expiry: an ISO-8601 date-time no later than LATEST_EXPIRY (the route checks it is in the future). */
export const expiryDateTime = isoDateTime.check(
  z.refine((value) => Date.parse(value) <= LATEST_EXPIRY_MS, `must be no later than ${LATEST_EXPIRY}`),
);

/**
 * A checkout's locale and Stripe Idempotency-Key, shared by packs and plans. The key goes into
 * Stripe's header: visible ASCII only (no spaces, CR/LF, NUL or other control characters, which
 * would fail the header and surface as a 500).
 */
export const checkoutFields = {
  locale: z.optional(z.enum(LOCALES, 'must be "en" or "zh"')),
  idempotencyKey: z.optional(
    z
      .string('must be a string')
      .check(
        z.minLength(1, 'must be 1-255 characters'),
        z.maxLength(255, 'must be 1-255 characters'),
        z.regex(/^[\x21-\x7e]*$/, 'must be printable ASCII without spaces'),
      ),
  ),
};
