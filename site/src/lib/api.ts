// The site's only HTTP client: one typed function per docs/api.md call, JSON in and out, errors as ApiError.
import type { AppType } from '@worker/app-type';
import type { hc, InferRequestType, InferResponseType } from 'hono/client';
import type { ClientErrorStatusCode, ContentfulStatusCode, ServerErrorStatusCode } from 'hono/utils/http-status';
import { errorMessage } from './error-messages';
import { locale } from './i18n';

// Every shape below comes from the Worker's routes (Hono's RPC types over `AppType`), never restated
// here: change a route's answer and the site stops compiling where it relied on the old one. Only the
// types are imported: the site bundle holds no Worker code and no hono/client.
type Routes = ReturnType<typeof hc<AppType>>['api'];
type Success = Exclude<ContentfulStatusCode, ClientErrorStatusCode | ServerErrorStatusCode>;
/** The JSON a route answers with when it succeeds (its error answers are ApiErrors). */
type Ok<Endpoint> = InferResponseType<Endpoint, Success>;
type JsonBody<Endpoint> = InferRequestType<Endpoint> extends { json: infer Body } ? Body : never;

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
type Admin = Routes['admin'];
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

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
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

const id = encodeURIComponent;
const page = (cursor?: string) => (cursor === undefined ? '' : `?cursor=${id(cursor)}`);

/** The operator console's calls (docs/api.md, "Admin"); every one needs an operator's session. */
export const adminApi = {
  searchUsers: (query: string) =>
    request<Ok<Admin['users']['$get']>>('GET', `/api/admin/users?query=${id(query)}`).then((r) => r.users),
  user: (userId: string) => request<AdminUserPicture>('GET', `/api/admin/users/${id(userId)}`),
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
  events: (cursor?: string) => request<AdminEventsPage>('GET', `/api/admin/events${page(cursor)}`),
  audit: (cursor?: string) => request<AdminAuditPage>('GET', `/api/admin/audit${page(cursor)}`),
  keys: () => request<Ok<Admin['keys']['$get']>>('GET', '/api/admin/keys').then((r) => r.keys),
  createKey: (name: string) =>
    request<CreatedKey>('POST', '/api/admin/keys', { name } satisfies JsonBody<Admin['keys']['$post']>),
  revokeKey: (keyId: string) => request<void>('DELETE', `/api/admin/keys/${id(keyId)}`),
  reconciliation: () => request<Reconciliation>('GET', '/api/admin/reconciliation'),
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
type Account = Routes['account'];
export type AccountSession = Ok<Account['sessions']['$get']>['sessions'][number];
export type PasswordChange = JsonBody<Account['password']['$post']>;

export const accountApi = {
  sessions: () => request<Ok<Account['sessions']['$get']>>('GET', '/api/account/sessions').then((r) => r.sessions),
  /** 204; 404 session_not_found when it had already ended. Ending the current one signs this browser out. */
  endSession: (sessionId: string) => request<void>('DELETE', `/api/account/sessions/${id(sessionId)}`),
  signOutOthers: () =>
    request<Ok<Account['sessions']['sign-out-others']['$post']>>('POST', '/api/account/sessions/sign-out-others'),
  /** 403 wrong_password, 400 on newPassword; every other session ends. */
  changePassword: (body: PasswordChange) =>
    request<Ok<Account['password']['$post']>>('POST', '/api/account/password', body),
  /** 204 and signed out; 403 wrong_password, 409 negative_balance / subscription_active. */
  deleteAccount: (password: string) =>
    request<void>('POST', '/api/account/delete', { password } satisfies JsonBody<Account['delete']['$post']>),
};

// Plans and subscriptions (docs/api.md, "Plans and subscriptions"): their own object, so this block merges on its own.
export type Plan = Ok<Routes['plans']['$get']>['plans'][number];
export type Subscription = NonNullable<Ok<Routes['subscription']['$get']>['subscription']>;
export type SubscribeOptions = Omit<JsonBody<Routes['subscriptions']['checkout']['$post']>, 'planId'>;

export const subscriptionsApi = {
  plans: () => request<Ok<Routes['plans']['$get']>>('GET', '/api/plans').then((r) => r.plans),
  /** The user's subscription (the live one if any, else the newest), or null. */
  subscription: () =>
    request<Ok<Routes['subscription']['$get']>>('GET', '/api/subscription').then((r) => r.subscription),
  /** Checkout in `subscription` mode (409 already_subscribed); `idempotencyKey` as for packs. */
  subscribe: (planId: string, options: SubscribeOptions = {}) =>
    request<Ok<Routes['subscriptions']['checkout']['$post']>>('POST', '/api/subscriptions/checkout', {
      planId,
      ...options,
    } satisfies JsonBody<Routes['subscriptions']['checkout']['$post']>),
  /** A billing portal session's URL (404 no_customer). */
  portal: () => request<Ok<Routes['billing']['portal']['$post']>>('POST', '/api/billing/portal'),
};
