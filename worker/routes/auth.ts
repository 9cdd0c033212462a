// /api/auth: sign-up, login, logout, me. Parses, calls worker/accounts, shapes the answer.
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { consume, consumeForIp, rateLimitKeys } from '../abuse/rate-limits';
import { createSession, revokeSession } from '../accounts/sessions';
import { authenticate, createUser, normalizeEmail } from '../accounts/users';
import type { AppEnv } from '../env';
import { closeSessionSockets } from '../live/session-sockets';
import { clearSessionCookie, readSessionToken, requireUser, setSessionCookie } from '../middleware/auth';
import { validate } from '../validation';

/** An unpaired UTF-16 surrogate: TextEncoder turns each into U+FFFD, so such passwords would collide. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A password as sign-up (and the account page's change of password) accepts it. */
export const passwordSchema = z.string('must be a string').check(
  z.minLength(8, 'must be at least 8 characters'),
  z.maxLength(1024, 'must be at most 1024 characters'),
  z.refine((p) => !LONE_SURROGATE.test(p), 'must be valid Unicode text (no unpaired surrogates)'),
);

const credentials = z.object({
  email: z
    .string()
    .check(z.trim(), z.maxLength(254, 'must be at most 254 characters'), z.email('must be a valid email address')),
  password: passwordSchema,
});

export const authRoutes = new Hono<AppEnv>()
  .post('/signup', validate('json', credentials), async (c) => {
    const { email, password } = c.req.valid('json');
    await consumeForIp(c.env, 'SIGNUP_IP_LIMITER', c.req.raw, rateLimitKeys.signupIp);
    const user = await createUser(c.var.db, email, password);
    setSessionCookie(c, await createSession(c.var.db, user.id, Date.now(), c.req.header('user-agent')));
    return c.json({ user: { ...user, credits: 0 } }, 201);
  })
  .post('/login', validate('json', credentials), async (c) => {
    const { email, password } = c.req.valid('json');
    // Counted before the password is hashed, so a locked-out guesser costs no PBKDF2 either.
    await consumeForIp(c.env, 'LOGIN_IP_LIMITER', c.req.raw, rateLimitKeys.loginIp);
    await consume(c.env, 'LOGIN_ACCOUNT_LIMITER', await rateLimitKeys.loginAccount(normalizeEmail(email)));
    const user = await authenticate(c.var.db, email, password);
    setSessionCookie(c, await createSession(c.var.db, user.id, Date.now(), c.req.header('user-agent')));
    return c.json({ user });
  })
  .post('/logout', async (c) => {
    const token = readSessionToken(c);
    const ended = token ? await revokeSession(c.var.db, token) : null;
    // A revoked session must stop receiving balance frames (spend reasons included) at once.
    if (ended) await closeSessionSockets(c.env, ended.userId, [ended.tokenHash]);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get('/me', requireUser, (c) => {
    const { id, email, role, credits, held, expiring } = c.var.user;
    return c.json({ id, email, role, credits, held, expiring });
  });
