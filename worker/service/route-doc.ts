// The service API's OpenAPI entries: each route's summary, tag, success status and the error
// statuses it can answer (every error body is the one shape, components.schemas.Error).
import { describeRoute } from 'hono-openapi';

/** What each error status means in the service API. */
const ERRORS = {
  400: 'invalid_request (the message names the field), or a rule of this call (webhook_url_not_allowed)',
  401: 'invalid_api_key: missing, unknown or revoked',
  402: 'insufficient_credits',
  403: 'no_origins: the key names no origin (browser tokens)',
  404: 'user_not_found (unknown or closed), hold_not_found, job_not_found, checkout_not_found, webhook_endpoint_not_found or webhook_message_not_found',
  409: 'idempotency_conflict, hold_expired, hold_not_active, external_id_conflict, already_subscribed, webhook_endpoint_disabled or needs_card',
} as const;
export type ErrorStatus = keyof typeof ERRORS;
const errorResponse = (status: ErrorStatus) => ({
  description: ERRORS[status],
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** The route's OpenAPI entry: its success status and the error statuses it can answer (401 and 404 always). */
export const doc = (summary: string, tag: string, success: 200 | 201 | 202 | 204, ...errors: ErrorStatus[]) =>
  describeRoute({
    summary,
    tags: [tag],
    security: [{ apiKey: [] }],
    responses: {
      [success]: { description: { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content' }[success] },
      ...Object.fromEntries(([...errors, 401, 404] as ErrorStatus[]).sort().map((s) => [s, errorResponse(s)])),
    },
  });
