// The site's only HTTP client: one typed function per docs/api.md call, JSON in and out, errors as ApiError.
// The calls only some pages make (the console's, the account page's, the Studio's, signing in, buying) use it from their own
// module (admin-api.ts, account-api.ts, studio-api.ts, auth-api.ts, credits-api.ts), so no other page ships them.
import type { AppType } from '@worker/app-type';
import type { hc, InferRequestType, InferResponseType } from 'hono/client';
import type { ClientErrorStatusCode, ContentfulStatusCode, ServerErrorStatusCode } from 'hono/utils/http-status';
import { errorMessage } from './error-messages';
import { locale } from './i18n';

// Every shape below comes from the Worker's routes (Hono's RPC types over `AppType`), never restated
// here: change a route's answer and the site stops compiling where it relied on the old one. Only the
// types are imported: the site bundle holds no Worker code and no hono/client.
export type Routes = ReturnType<typeof hc<AppType>>['api'];
type Success = Exclude<ContentfulStatusCode, ClientErrorStatusCode | ServerErrorStatusCode>;
/** The JSON a route answers with when it succeeds (its error answers are ApiErrors). */
export type Ok<Endpoint> = InferResponseType<Endpoint, Success>;
export type JsonBody<Endpoint> = InferRequestType<Endpoint> extends { json: infer Body } ? Body : never;

export type User = Ok<Routes['auth']['me']['$get']>;

/** `amount` is in the currency's smallest unit (cents), as Stripe prices are. */
export type Pack = Ok<Routes['packs']['$get']>['packs'][number];

export type CheckoutStatus = Ok<Routes['checkout'][':sessionId']['$get']>;
export type CheckoutStatusName = CheckoutStatus['status'];
export type CreatedCheckout = Ok<Routes['checkout']['$post']>;
export type CheckoutOptions = Omit<JsonBody<Routes['checkout']['$post']>, 'packId'>;

export type LedgerPage = Ok<Routes['credits']['ledger']['$get']>;
export type LedgerEntry = LedgerPage['entries'][number];
export type SpendResult = Ok<Routes['credits']['spend']['$post']>;
export type Lot = Ok<Routes['credits']['lots']['$get']>['lots'][number];
export type StudioJob = Ok<Routes['studio']['jobs']['$get']>['jobs'][number];
export type CreatedJob = Ok<Routes['studio']['jobs']['$post']>;
export type JobRequest = JsonBody<Routes['studio']['jobs']['$post']>;
export type AutoTopup = Ok<Routes['auto-topup']['$get']>;
export type AutoTopupBody = JsonBody<Routes['auto-topup']['$put']>;
export type Admin = Routes['admin'];
export type AdminUserSummary = Ok<Admin['users']['$get']>['users'][number];
export type AdminUserPicture = Ok<Admin['users'][':id']['$get']>;
export type AdminPurchase = AdminUserPicture['purchases'][number];
export type AdjustmentBody = JsonBody<Admin['users'][':id']['adjustments']['$post']>;
export type RefundBody = JsonBody<Admin['purchases'][':sessionId']['refund']['$post']>;
export type AdminEventsPage = Ok<Admin['events']['$get']>;
export type AdminAuditPage = Ok<Admin['audit']['$get']>;
export type AdminKey = Ok<Admin['keys']['$get']>['keys'][number];
export type CreatedKey = Ok<Admin['keys']['$post']>;
export type Reconciliation = Ok<Admin['reconciliation']['$get']>;
export type WebhookEndpoint = Ok<Admin['webhooks']['$get']>['endpoints'][number];
export type CreatedWebhook = Ok<Admin['webhooks']['$post']>;
export type WebhookBody = JsonBody<Admin['webhooks']['$post']>;
export type RotatedSecret = Ok<Admin['webhooks'][':id']['rotate-secret']['$post']>;
export type WebhookDeliveriesPage = Ok<Admin['webhooks'][':id']['deliveries']['$get']>;
export type WebhookDelivery = WebhookDeliveriesPage['deliveries'][number];
export type Credentials = JsonBody<Routes['auth']['login']['$post']>;
export type SpendBody = JsonBody<Routes['credits']['spend']['$post']>;

/**
 * Every failure the client reports: HTTP errors from the `{error: {code, message}}` body, or a
 * network failure (status 0). `message` is for people: the code's sentence in the page's language
 * (error-messages.ts), so no page ever shows the server's English; `serverMessage` keeps the
 * server's own words for logs and operators.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly serverMessage: string;
  /** The error object's other string fields (e.g. `settle_instead`'s `sessionId`). */
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, serverMessage: string, fields: Record<string, string> = {}) {
    // The server's English only stands in before the page's words have loaded (no page is showing yet).
    super(errorMessage(code, locale()) ?? serverMessage);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.fields = fields;
  }
}

/** Turns a non-2xx response body into an ApiError; tolerates bodies that are not the documented shape (a proxy's HTML page). */
export function toApiError(status: number, body: unknown, fallbackMessage = ''): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : fallbackMessage || `HTTP ${status}`;
  const fields = Object.fromEntries(
    Object.entries(error ?? {}).filter(([k, v]) => k !== 'code' && k !== 'message' && typeof v === 'string'),
  ) as Record<string, string>;
  return new ApiError(status, code, message, fields);
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      // Same-origin cookies only: the session cookie is the whole of auth, and the server checks Origin on writes.
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : 'Network error');
  }
  if (res.status === 204) return undefined as T;
  const parsed: unknown = await res.json().catch(() => null);
  if (!res.ok) throw toApiError(res.status, parsed, res.statusText);
  return parsed as T;
}

export const api = {
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<User>('GET', '/api/auth/me'),
  checkoutStatus: (sessionId: string) =>
    request<CheckoutStatus>('GET', `/api/checkout/${encodeURIComponent(sessionId)}`),
  lots: () => request<Ok<Routes['credits']['lots']['$get']>>('GET', '/api/credits/lots').then((r) => r.lots),
};

// --- the public config, and the history page's types (docs/api.md "History") -------------------
export type AppConfig = Ok<Routes['config']['$get']>;
export type HistoryPage = Ok<Routes['history']['$get']>;
export type HistoryRow = HistoryPage['entries'][number];
export type HistoryKind = NonNullable<InferRequestType<Routes['history']['$get']>['query']['kind']>;

/** The public config (the support address the success page offers); the history page's calls are history-api.ts. */
export const configApi = {
  config: () => request<AppConfig>('GET', '/api/config'),
};

// The account page's calls (/api/account): the signed-in user's own sessions, password and closure.
export type Account = Routes['account'];
export type AccountSession = Ok<Account['sessions']['$get']>['sessions'][number];
export type PasswordChange = JsonBody<Account['password']['$post']>;

// Plans and subscriptions (docs/api.md, "Plans and subscriptions"): their own object, so this block merges on its own.
export type Plan = Ok<Routes['plans']['$get']>['plans'][number];
export type Subscription = NonNullable<Ok<Routes['subscription']['$get']>['subscription']>;
export type SubscriptionNotice = NonNullable<Ok<Routes['subscription']['$get']>['notice']>;
export type SubscribeOptions = Omit<JsonBody<Routes['subscriptions']['checkout']['$post']>, 'planId'>;

/** What every signed-in page needs of plans (the past-due watch in the layout); the plans UI's calls are plans-api.ts. */
export const subscriptionsApi = {
  /** The user's subscription (the live one if any, else the newest), or null. */
  subscription: () =>
    request<Ok<Routes['subscription']['$get']>>('GET', '/api/subscription').then((r) => r.subscription),
  /** A billing portal session's URL (404 no_customer). */
  portal: () => request<Ok<Routes['billing']['portal']['$post']>>('POST', '/api/billing/portal'),
};
