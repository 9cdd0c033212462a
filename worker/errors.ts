// Domain errors and the one error handler: every failure leaves as { error: { code, message } }.
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type AppErrorCode, ERROR_CODES, type ErrorCode, type ErrorCodeWithStatus } from './vocabulary/error-codes';

export interface ErrorBody {
  /** A few codes name the object to act on instead (e.g. `settle_instead`: its `sessionId`). */
  error: { code: ErrorCode; message: string; [field: string]: string };
}

/** An error a caller can cause (or a known server condition), with a stable code; its status comes from the registry. */
export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Extra fields of the error object, for a caller that acts on them (never secrets). */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

/** 429: a rate limit was reached; the handler adds `Retry-After`. */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super('rate_limited', message);
  }
}

// The one way to fail a request: throw one of these (routes never build an error body by hand).
// Each helper takes only the codes registered with its status, so the two cannot disagree.
export const badRequest = (code: ErrorCodeWithStatus<400>, message: string) => new AppError(code, message);
export const invalidRequest = (message: string) => badRequest('invalid_request', message);
export const unauthorized = (code: ErrorCodeWithStatus<401> = 'unauthorized', message = 'Sign in to continue.') =>
  new AppError(code, message);
export const paymentRequired = (code: ErrorCodeWithStatus<402>, message: string) => new AppError(code, message);
export const forbidden = (code: ErrorCodeWithStatus<403>, message: string) => new AppError(code, message);
export const notFound = (code: ErrorCodeWithStatus<404> = 'not_found', message = 'Not found.') =>
  new AppError(code, message);
export const conflict = (code: ErrorCodeWithStatus<409>, message: string, fields?: Record<string, string>) =>
  new AppError(code, message, fields);
export const payloadTooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `The request body is over ${maxBytes} bytes.`);
export const upgradeRequired = (message: string) => new AppError('upgrade_required', message);
/** A missing or invalid setting: the operator's mistake, never the caller's. */
export const notConfigured = (code: ErrorCodeWithStatus<500>, message: string) => new AppError(code, message);
export const badGateway = (code: ErrorCodeWithStatus<502>, message: string) => new AppError(code, message);
export const serviceUnavailable = (code: ErrorCodeWithStatus<503>, message: string) => new AppError(code, message);

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  426: 'upgrade_required',
  429: 'rate_limited',
};

export const onError: ErrorHandler = (err, c) => {
  if (err instanceof AppError) {
    if (err instanceof RateLimitedError) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json<ErrorBody>({ error: { ...err.fields, code: err.code, message: err.message } }, err.status);
  }
  if (err instanceof HTTPException) {
    // Hono's own validator throws this for a body that is not JSON.
    const malformed = err.status === 400 && /malformed json/i.test(err.message);
    const code: ErrorCode = malformed ? 'invalid_json' : (STATUS_CODES[err.status] ?? 'http_error');
    const message = malformed ? 'The request body is not valid JSON.' : err.message || code;
    return c.json<ErrorBody>({ error: { code, message } }, err.status);
  }
  // Unexpected: log the error (never request bodies or secrets) and answer a generic 500.
  console.error(JSON.stringify({ msg: 'unhandled_error', path: c.req.path, error: String(err) }));
  return c.json<ErrorBody>(
    { error: { code: 'internal_error', message: 'Something went wrong. Please try again.' } },
    500,
  );
};

export const onNotFound: NotFoundHandler = (c) =>
  c.json<ErrorBody>({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.` } }, 404);
