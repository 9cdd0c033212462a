// Stripe-shaped API errors ({ error: { type, message, code?, param? } }) and the ways the emulator raises them.
import type { z } from 'zod';

export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
export type StripeErrorStatus = 400 | 401 | 402 | 404 | 409 | 500;

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  payment_intent?: unknown;
  /** The card a PaymentIntent's confirmation was declined on. */
  payment_method?: unknown;
}

/** Thrown by the emulator's domain functions; the routers turn it into Stripe's JSON error. */
export class StripeApiError extends Error {
  constructor(
    readonly status: StripeErrorStatus,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }

  toJSON(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
}

export function invalidRequest(message: string, extra: { code?: string; param?: string } = {}): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message, ...extra };
  if (extra.code) body.doc_url = docUrl(extra.code);
  return new StripeApiError(400, body);
}

/**
 * An id Stripe does not know. In the URL path it is a 404; named in a parameter (a refund's
 * payment_intent, a list's starting_after) Stripe answers 400 with the parameter's name.
 */
export function resourceMissing(
  objectName: string,
  id: string,
  param: string,
  where: 'path' | 'param',
): StripeApiError {
  return new StripeApiError(where === 'path' ? 404 : 400, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: docUrl('resource_missing'),
    message: `No such ${objectName}: '${id}'`,
    param,
  });
}

export function cardError(code: string, message: string, declineCode?: string): StripeApiError {
  const body: StripeErrorBody = { type: 'card_error', code, message, doc_url: docUrl(code) };
  if (declineCode) body.decline_code = declineCode;
  return new StripeApiError(402, body);
}

/** Formats a parameter path the way Stripe names it in errors: `line_items[0][price_data][currency]`. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map(String);
  return (head ?? '') + rest.map((segment) => `[${segment}]`).join('');
}

/** Carries a Stripe error code on a zod custom issue (see `toStripeError`). */
export interface StripeIssueParams {
  stripeCode?: string;
}

const SHAPE_NAMES: Record<string, string> = { array: 'array', object: 'hash', record: 'hash', string: 'string' };

/** `a, b, or c` as Stripe lists allowed values. */
function oneOf(values: string[]): string {
  if (values.length <= 2) return values.join(' or ');
  return `${values.slice(0, -1).join(', ')}, or ${values[values.length - 1]}`;
}

/** The first zod issue of a failed parse, phrased as Stripe phrases parameter errors. */
export function toStripeError(error: z.ZodError): StripeApiError {
  // Stripe reports an unknown parameter before anything else about the request.
  const issue = error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return invalidRequest('Invalid request.');
  if (issue.code === 'unrecognized_keys') {
    const param = paramName([...issue.path, issue.keys[0] ?? '']);
    return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
  }
  const param = paramName(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined)
        return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
      // Stripe names only the kind for a wrong shape (`expand=x` is "Invalid array"); a hash is its word for an object.
      return invalidRequest(`Invalid ${SHAPE_NAMES[issue.expected] ?? issue.expected}`, { param });
    case 'invalid_value':
      return invalidRequest(`Invalid ${param}: must be one of ${oneOf(issue.values.map(String))}`, { param });
    case 'custom': {
      const code = (issue.params as StripeIssueParams | undefined)?.stripeCode;
      return invalidRequest(issue.message, code ? { code, param } : { param });
    }
    default:
      return invalidRequest(issue.message, { param });
  }
}
