// The site's only HTTP client: one typed function per docs/api.md call, JSON in and out, errors as ApiError.
// The console's and the account page's calls use it from admin-api.ts and account-api.ts, so no other page ships them.
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
type Credentials = JsonBody<Routes['auth']['login']['$post']>;
type SpendBody = JsonBody<Routes['credits']['spend']['$post']>;

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

  constructor(status: number, code: string, serverMessage: string) {
    // The server's English only stands in before the page's words have loaded (no page is showing yet).
    super(errorMessage(code, locale()) ?? serverMessage);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
  }
}

/** Turns a non-2xx response body into an ApiError; tolerates bodies that are not the documented shape (a proxy's HTML page). */
export function toApiError(status: number, body: unknown, fallbackMessage = ''): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  const message = typeof error?.message === 'string' ? error.message : fallbackMessage || `HTTP ${status}`;
  return new ApiError(status, code, message);
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
  signup: (email: string, password: string) =>
    request<Ok<Routes['auth']['signup']['$post']>>('POST', '/api/auth/signup', {
      email,
      password,
    } satisfies Credentials),
  login: (email: string, password: string) =>
    request<Ok<Routes['auth']['login']['$post']>>('POST', '/api/auth/login', { email, password } satisfies Credentials),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<User>('GET', '/api/auth/me'),
  packs: () => request<Ok<Routes['packs']['$get']>>('GET', '/api/packs').then((r) => r.packs),
  /**
   * `locale` picks the success/cancel pages Stripe returns to; `idempotencyKey` makes a retried
   * create (after a network error) return the same Checkout Session instead of a second one.
   */
  createCheckout: (packId: string, options: CheckoutOptions = {}) =>
    request<CreatedCheckout>('POST', '/api/checkout', { packId, ...options } satisfies JsonBody<
      Routes['checkout']['$post']
    >),
  checkoutStatus: (sessionId: string) =>
    request<CheckoutStatus>('GET', `/api/checkout/${encodeURIComponent(sessionId)}`),
  spend: (amount: number, reason: string, idempotencyKey: string) =>
    request<SpendResult>('POST', '/api/credits/spend', { amount, reason, idempotencyKey } satisfies SpendBody),
  lots: () => request<Ok<Routes['credits']['lots']['$get']>>('GET', '/api/credits/lots').then((r) => r.lots),
  /** Reserves the render's maximum cost and hands it to the render farm (402 insufficient_credits, 503 render_farm_unavailable). */
  createJob: (body: JobRequest) => request<CreatedJob>('POST', '/api/studio/jobs', body),
  jobs: () => request<Ok<Routes['studio']['jobs']['$get']>>('GET', '/api/studio/jobs').then((r) => r.jobs),
  ledger: (limit?: number, cursor?: string) => {
    const query = new URLSearchParams();
    if (limit !== undefined) query.set('limit', String(limit));
    if (cursor !== undefined) query.set('cursor', cursor);
    const qs = query.toString();
    return request<LedgerPage>('GET', `/api/credits/ledger${qs ? `?${qs}` : ''}`);
  },
};

// --- history, receipts and the public config (docs/api.md "History") --------------------------
export type AppConfig = Ok<Routes['config']['$get']>;
export type HistoryPage = Ok<Routes['history']['$get']>;
export type HistoryRow = HistoryPage['entries'][number];
export type HistoryKind = NonNullable<InferRequestType<Routes['history']['$get']>['query']['kind']>;

export const historyApi = {
  config: () => request<AppConfig>('GET', '/api/config'),
  /** Newest first; `cursor` is the previous page's `nextCursor`; `kind` filters to one ledger kind. */
  page: (options: { limit?: number; cursor?: string; kind?: HistoryKind } = {}) => {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    if (options.kind !== undefined) query.set('kind', options.kind);
    const qs = query.toString();
    return request<HistoryPage>('GET', `/api/history${qs ? `?${qs}` : ''}`);
  },
  /** A link, not a call: the browser downloads the file (the session cookie goes with it). */
  exportHref: '/api/history/export.csv',
  /** A link to the Worker route that redirects to Stripe's receipt for this purchase. */
  receiptHref: (sessionId: string) => `/api/receipts/${encodeURIComponent(sessionId)}`,
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

export const subscriptionsApi = {
  plans: () => request<Ok<Routes['plans']['$get']>>('GET', '/api/plans').then((r) => r.plans),
  /** The user's subscription (the live one if any, else the newest), or null. */
  subscription: () =>
    request<Ok<Routes['subscription']['$get']>>('GET', '/api/subscription').then((r) => r.subscription),
  /** A notice about the user's plans (a second subscription the app cancelled and refunded), or null. */
  subscriptionNotice: () =>
    request<Ok<Routes['subscription']['$get']>>('GET', '/api/subscription').then((r) => r.notice),
  /** Checkout in `subscription` mode (409 already_subscribed); `idempotencyKey` as for packs. */
  subscribe: (planId: string, options: SubscribeOptions = {}) =>
    request<Ok<Routes['subscriptions']['checkout']['$post']>>('POST', '/api/subscriptions/checkout', {
      planId,
      ...options,
    } satisfies JsonBody<Routes['subscriptions']['checkout']['$post']>),
  /** A billing portal session's URL (404 no_customer). */
  portal: () => request<Ok<Routes['billing']['portal']['$post']>>('POST', '/api/billing/portal'),
};
