// The four Creditcast service API calls this app makes, as plain fetch: the whole integration on the
// server side. Each answers an outcome (ok with the body, or Creditcast's error code and HTTP status)
// rather than throwing, so the routes decide what the user sees.

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

export interface CreditcastUser {
  id: string;
  externalId: string | null;
  email: string;
  credits: number;
}

export interface BrowserToken {
  token: string;
  expiresAt: string;
}

export interface CheckoutSession {
  sessionId: string;
  url: string;
}

/** GET /api/v1/checkout/{id}: the same answer as the Creditcast site's own success page reads. */
export interface CheckoutStatus {
  sessionId: string;
  status: 'open' | 'processing' | 'credited' | 'failed' | 'expired' | 'refunded';
  credits: number;
  balance: number;
  creditedAt: string | null;
}

export interface Pack {
  id: string;
  name: string;
  credits: number;
  amount: number;
  currency: string;
}

export function creditcast(baseUrl: string, apiKey: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<Outcome<T>> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      console.error('[video-app] Creditcast did not answer:', error);
      return { ok: false, status: 502, code: 'creditcast_unreachable', message: 'Creditcast did not answer.' };
    }
    const json = (await response.json().catch(() => null)) as
      | (T & { error?: { code?: string; message?: string } })
      | null;
    if (response.ok && json) return { ok: true, value: json };
    return {
      ok: false,
      status: response.status,
      code: json?.error?.code ?? 'unexpected_answer',
      message: json?.error?.message ?? `Creditcast answered ${response.status}`,
    };
  }
  const id = encodeURIComponent;

  return {
    /** Creates or returns the Creditcast user for this app's user id (201 new, 200 existing). */
    upsertUser: (externalId: string, email: string) =>
      call<CreditcastUser>('PUT', `/api/v1/users/by-external-id/${id(externalId)}`, { email, locale: 'en' }),

    /** A short-lived token for this user's browser: reads the balance from our origin only. */
    browserToken: (userId: string, ttlSeconds: number) =>
      call<BrowserToken>('POST', `/api/v1/users/${id(userId)}/browser-tokens`, { ttlSeconds }),

    /** A Stripe Checkout Session whose success and cancel URLs are pages of this app. */
    checkout: (userId: string, packId: string, successUrl: string, cancelUrl: string) =>
      call<CheckoutSession>('POST', `/api/v1/users/${id(userId)}/checkout`, {
        packId,
        successUrl,
        cancelUrl,
        locale: 'en',
      }),

    /** The session's state; a paid session is credited by this very call if the webhook is late. */
    checkoutStatus: (sessionId: string) => call<CheckoutStatus>('GET', `/api/v1/checkout/${id(sessionId)}`),

    /** The packs on sale (a public route: no key needed, but sending it does no harm). */
    packs: () => call<{ packs: Pack[] }>('GET', '/api/packs'),
  };
}

export type Creditcast = ReturnType<typeof creditcast>;
