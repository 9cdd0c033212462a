// The request fields every money route shares, defined once: the cookie routes, the service API,
// the Studio and the console validate (and document) them alike.
import * as z from 'zod/mini';

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
