// GET /api/embed/balance: an app's page reads its user's balance with a browser token
// (`Authorization: Bearer cct_…`), cross-origin. CORS is granted per origin, never with credentials
// (the token is the credential, so no cookie ever rides along): `Access-Control-Allow-Origin` names
// the caller's origin only when the token's key names it (or, for a preflight and a 401, when any
// active key does: neither carries a usable token to ask). Mounted before the same-origin rule.
import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { findAccount } from '../accounts/users';
import { isAppOrigin } from '../apps/key-origins';
import { authenticateToken, invalidToken, originNotAllowed } from '../apps/token-auth';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

/** How long a browser may reuse a preflight's answer. */
const PREFLIGHT_MAX_AGE_S = 600;

function allowOrigin(c: Context<AppEnv>, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
}

export const embedRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    // Every answer depends on Origin, so no cache may hand one origin's answer to another.
    c.header('Vary', 'Origin');
    c.header('Cache-Control', 'no-store');
    await next();
  })
  .options('/balance', async (c) => {
    const origin = c.req.header('origin');
    if (!origin || !(await isAppOrigin(c.var.db, origin))) {
      throw originNotAllowed();
    }
    allowOrigin(c, origin);
    c.header('Access-Control-Allow-Methods', 'GET');
    c.header('Access-Control-Allow-Headers', 'Authorization');
    c.header('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
    return c.body(null, 204);
  })
  .get('/balance', async (c) => {
    const origin = c.req.header('origin');
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    try {
      const { userId } = await authenticateToken(c.var.db, match?.[1], origin);
      const account = await findAccount(c.var.db, { id: userId });
      if (!account) throw invalidToken();
      allowOrigin(c, origin as string);
      const { credits, held, expiring, version } = account;
      return c.json({ credits, held, expiring, version });
    } catch (err) {
      // A 401 must be readable by an app's page (so it fetches a new token); a 403 never is.
      if (err instanceof AppError && err.status === 401 && origin && (await isAppOrigin(c.var.db, origin))) {
        allowOrigin(c, origin);
      }
      throw err;
    }
  });
