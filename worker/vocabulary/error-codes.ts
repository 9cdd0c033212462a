// Every error code the Worker answers with, and the HTTP status it answers it with: the one
// registry AppError, the error handler and the site's message table (site/src/lib/error-messages.ts)
// are typed by, so a code without a status or without a sentence does not compile. Pure data.

/** `passthrough`: the status of the Hono exception being mapped (errors.ts's fallback), not one fixed status. */
export const ERROR_CODES = {
  // 400
  invalid_request: 400,
  invalid_json: 400,
  bad_request: 400,
  invalid_event: 400,
  invalid_signature: 400,
  missing_signature: 400,
  unknown_pack: 400,
  unknown_plan: 400,
  invalid_origin: 400,
  url_not_allowed: 400,
  webhook_url_not_allowed: 400,
  // A password reset link that is unknown, used or expired (invalid_token is the browser tokens' 401).
  invalid_reset_token: 400,
  // A link confirming a new email that is unknown, used or expired.
  invalid_email_token: 400,
  // 401
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_api_key: 401,
  invalid_token: 401,
  // 402
  insufficient_credits: 402,
  // 403
  forbidden: 403,
  cross_origin: 403,
  wrong_password: 403,
  hold_owned_by_app: 403,
  no_origins: 403,
  origin_not_allowed: 403,
  // 404
  not_found: 404,
  checkout_not_found: 404,
  hold_not_found: 404,
  invoice_not_found: 404,
  job_not_found: 404,
  key_not_found: 404,
  no_customer: 404,
  purchase_not_found: 404,
  receipt_not_found: 404,
  session_not_found: 404,
  user_not_found: 404,
  webhook_endpoint_not_found: 404,
  webhook_message_not_found: 404,
  // 405, 409, 413, 415, 426, 429
  method_not_allowed: 405,
  already_subscribed: 409,
  needs_card: 409,
  charge_disputed: 409,
  email_taken: 409,
  external_id_conflict: 409,
  hold_expired: 409,
  hold_not_active: 409,
  idempotency_conflict: 409,
  key_name_taken: 409,
  negative_balance: 409,
  not_refundable: 409,
  nothing_to_refund: 409,
  refund_refused: 409,
  session_not_paid: 409,
  settle_instead: 409,
  subscription_active: 409,
  webhook_endpoint_disabled: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  upgrade_required: 426,
  rate_limited: 429,
  // 5xx: the operator's configuration, or a service we depend on.
  internal_error: 500,
  app_origin_not_configured: 500,
  stripe_not_configured: 500,
  webhook_not_configured: 500,
  stripe_error: 502,
  render_farm_unavailable: 503,
  stripe_unavailable: 503,
  http_error: 'passthrough',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
type Registry = typeof ERROR_CODES;
/** The codes answered with HTTP status `S`. */
export type ErrorCodeWithStatus<S extends number> = { [K in ErrorCode]: Registry[K] extends S ? K : never }[ErrorCode];
/** Codes with one fixed status: what AppError may carry. */
export type AppErrorCode = ErrorCodeWithStatus<number>;
