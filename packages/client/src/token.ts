// Browser tokens for the socket of an app's page: asked for when there is none, when the one held
// is about to expire, and after the server refused a connection (an expired or revoked token is
// refused at the upgrade, which a browser reports only as a close before open).

/** What `getToken` may answer: the token, or the token and when it expires (ISO-8601 or ms). */
export type TokenAnswer = string | { token: string; expiresAt?: string | number | null };

/** A token this close to its expiry is replaced before connecting: it could expire on the way. */
export const TOKEN_MARGIN_MS = 5_000;

export interface TokenCache {
  /** The token to connect with: the one held, or a fresh one. */
  current(): Promise<string>;
  /** The server refused a connection: ask for a fresh token next time. */
  refused(): void;
}

export function tokenCache(getToken: () => Promise<TokenAnswer>, now: () => number = Date.now): TokenCache {
  let held: { token: string; expiresAt: number } | null = null;
  return {
    async current() {
      if (held && held.expiresAt - TOKEN_MARGIN_MS > now()) return held.token;
      held = null;
      const answer = await getToken();
      const token = typeof answer === 'string' ? answer : answer?.token;
      if (typeof token !== 'string' || token === '') throw new Error('getToken gave no token');
      const expiry = typeof answer === 'string' ? null : answer.expiresAt;
      const expiresAt = expiry == null ? Number.POSITIVE_INFINITY : new Date(expiry).getTime();
      held = { token, expiresAt: Number.isNaN(expiresAt) ? Number.POSITIVE_INFINITY : expiresAt };
      return token;
    },
    refused() {
      held = null;
    },
  };
}
