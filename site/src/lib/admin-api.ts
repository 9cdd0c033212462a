// The operator console's calls (docs/api.md, "Admin"), beside the one client (api.ts) but in their own module:
// only the console's chunks carry them, not every page.
import {
  type AdjustmentBody,
  type Admin,
  type AdminAuditPage,
  type AdminEventsPage,
  type AdminUserPicture,
  type CreatedKey,
  type CreatedWebhook,
  type JsonBody,
  type Ok,
  type Reconciliation,
  type RefundBody,
  type RotatedSecret,
  request,
  type WebhookBody,
  type WebhookDeliveriesPage,
  type WebhookEndpoint,
} from './api';
import { areaErrorMessages } from './error-messages';

const id = encodeURIComponent;

// The error codes only these calls can meet, in this area's chunk rather than every page's.
areaErrorMessages({
  en: () => import('./admin-error-messages.en'),
  zh: () => import('./admin-error-messages.zh'),
});
const page = (cursor?: string) => (cursor === undefined ? '' : `?cursor=${id(cursor)}`);

/** The operator console's calls (docs/api.md, "Admin"); every one needs an operator's session. */
export const adminApi = {
  searchUsers: (query: string) =>
    request<Ok<Admin['users']['$get']>>('GET', `/api/admin/users?query=${id(query)}`).then((r) => r.users),
  user: (userId: string) => request<AdminUserPicture>('GET', `/api/admin/users/${id(userId)}`),
  /** The customer's history as they read it (read-only; the view is audited). */
  viewAs: (userId: string) =>
    request<Ok<Admin['users'][':id']['as-user']['$get']>>('GET', `/api/admin/users/${id(userId)}/as-user`),
  /** The path of the socket an operator opens to watch this user's balance. */
  livePath: (userId: string) => `/api/admin/users/${id(userId)}/live`,
  adjust: (userId: string, body: AdjustmentBody) =>
    request<Ok<Admin['users'][':id']['adjustments']['$post']>>(
      'POST',
      `/api/admin/users/${id(userId)}/adjustments`,
      body,
    ),
  refund: (sessionId: string, body: RefundBody) =>
    request<Ok<Admin['purchases'][':sessionId']['refund']['$post']>>(
      'POST',
      `/api/admin/purchases/${id(sessionId)}/refund`,
      body,
    ),
  refundInvoice: (invoiceId: string, body: RefundBody) =>
    request<Ok<Admin['invoices'][':invoiceId']['refund']['$post']>>(
      'POST',
      `/api/admin/invoices/${id(invoiceId)}/refund`,
      body,
    ),
  /** Stripe's own word on the user's newest purchases and plan payments (or that it could not be reached). */
  stripeStatus: (userId: string) =>
    request<Ok<Admin['users'][':id']['stripe']['$get']>>('GET', `/api/admin/users/${id(userId)}/stripe`),
  settle: (sessionId: string) =>
    request<Ok<Admin['purchases'][':sessionId']['settle']['$post']>>(
      'POST',
      `/api/admin/purchases/${id(sessionId)}/settle`,
    ),
  events: (cursor?: string, filter: { type?: string; outcome?: string; user?: string } = {}) => {
    const q = new URLSearchParams(Object.entries({ cursor, ...filter }).filter((e): e is [string, string] => !!e[1]));
    return request<AdminEventsPage>('GET', `/api/admin/events${q.size ? `?${q}` : ''}`);
  },
  audit: (cursor?: string) => request<AdminAuditPage>('GET', `/api/admin/audit${page(cursor)}`),
  keys: () => request<Ok<Admin['keys']['$get']>>('GET', '/api/admin/keys').then((r) => r.keys),
  createKey: (name: string, origins: string[] = []) =>
    request<CreatedKey>('POST', '/api/admin/keys', { name, origins } satisfies JsonBody<Admin['keys']['$post']>),
  setKeyOrigins: (keyId: string, origins: string[]) =>
    request<Ok<Admin['keys'][':id']['origins']['$put']>>('PUT', `/api/admin/keys/${id(keyId)}/origins`, {
      origins,
    } satisfies JsonBody<Admin['keys'][':id']['origins']['$put']>),
  revokeKey: (keyId: string) => request<void>('DELETE', `/api/admin/keys/${id(keyId)}`),
  reconciliation: () => request<Reconciliation>('GET', '/api/admin/reconciliation'),
  webhooks: () => request<{ endpoints: WebhookEndpoint[] }>('GET', '/api/admin/webhooks').then((r) => r.endpoints),
  createWebhook: (body: WebhookBody) => request<CreatedWebhook>('POST', '/api/admin/webhooks', body),
  deleteWebhook: (endpointId: string) => request<void>('DELETE', `/api/admin/webhooks/${id(endpointId)}`),
  setWebhookEnabled: (endpointId: string, enabled: boolean) =>
    request<{ endpoint: WebhookEndpoint }>(
      'POST',
      `/api/admin/webhooks/${id(endpointId)}/${enabled ? 'enable' : 'disable'}`,
    ),
  rotateWebhookSecret: (endpointId: string) =>
    request<RotatedSecret>('POST', `/api/admin/webhooks/${id(endpointId)}/rotate-secret`),
  webhookDeliveries: (endpointId: string, cursor?: string) =>
    request<WebhookDeliveriesPage>('GET', `/api/admin/webhooks/${id(endpointId)}/deliveries${page(cursor)}`),
  resendWebhook: (endpointId: string, messageId: string) =>
    request<{ messageId: string }>('POST', `/api/admin/webhooks/${id(endpointId)}/deliveries/${id(messageId)}/resend`),
};
