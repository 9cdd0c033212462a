// What a request about an endpoint may say (its body, an allowed URL) and the refusals its routers
// answer: one definition for the service API's router (worker/service/webhook-endpoints.ts) and the
// console's (worker/admin/webhook-routes.ts), so neither surface imports the other.
import * as z from 'zod/mini';
import { badRequest, conflict, notFound } from '../errors';
import { WEBHOOK_EVENT_TYPES } from '../vocabulary/webhook-events';
import { checkEndpointUrl } from './safe-url';

export const endpointBody = z.object({
  url: z.string('must be a string').check(z.maxLength(2048, 'must be at most 2048 characters')),
  events: z.optional(
    z
      .array(z.enum(WEBHOOK_EVENT_TYPES, `must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`))
      .check(z.minLength(1, 'must name at least one type (omit it for all)')),
  ),
  description: z.optional(z.string('must be a string').check(z.maxLength(200, 'must be at most 200 characters'))),
});

export const endpointNotFound = () => notFound('webhook_endpoint_not_found', 'No such webhook endpoint.');

/** The HTTP answer of a resend that did not queue (the service API's and the console's alike). */
export function resendRefusal(outcome: 'endpoint_not_found' | 'message_not_found' | 'endpoint_disabled') {
  if (outcome === 'endpoint_not_found') return endpointNotFound();
  if (outcome === 'message_not_found')
    return notFound('webhook_message_not_found', 'No such message for this webhook endpoint.');
  return conflict('webhook_endpoint_disabled', 'The endpoint is disabled: enable it, then resend.');
}

/** The URL to store for an endpoint, or 400 webhook_url_not_allowed (private hosts only where allowed). */
export function allowedEndpointUrl(url: string, allowPrivate: boolean): string {
  const verdict = checkEndpointUrl(url, allowPrivate);
  if (verdict.outcome === 'refused') throw badRequest('webhook_url_not_allowed', `url: ${verdict.reason}`);
  return verdict.url;
}
