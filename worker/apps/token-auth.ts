// Holding a browser token to its rules at the edge: 401 invalid_token unless it is known, unexpired,
// its key active and its user open; 403 origin_not_allowed unless the request's Origin is one of the
// minting key's origins (a missing Origin or `Origin: null` — sandboxed frames, file: pages — is none).
import type { Db } from '../db/client';
import { forbidden, unauthorized } from '../errors';
import { findBrowserToken } from './browser-tokens';

export const invalidToken = () =>
  unauthorized('invalid_token', 'The browser token is missing, unknown or expired: ask your app for a new one.');

export const originNotAllowed = () =>
  forbidden('origin_not_allowed', "This page's origin is not one of the app's origins.");

/** The token's user and key, or throws 401 / 403. */
export async function authenticateToken(
  db: Db,
  token: string | undefined,
  origin: string | undefined,
): Promise<{ userId: string; keyId: string; origin: string }> {
  const found = await findBrowserToken(db, token);
  if (found.outcome === 'invalid') throw invalidToken();
  if (origin === undefined || !found.origins.includes(origin)) throw originNotAllowed();
  return { userId: found.userId, keyId: found.keyId, origin };
}
