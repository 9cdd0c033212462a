// /api/auth: sign-up, login, logout, me. Parses, calls worker/accounts, shapes the answer.
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { createSession, revokeSession } from '../accounts/sessions';
import { authenticate, createUser } from '../accounts/users';
import type { AppEnv } from '../env';
import { clearSessionCookie, readSessionToken, requireUser, setSessionCookie } from '../middleware/auth';
import { validate } from '../validation';

const credentials = z.object({
  email: z
    .string()
    .check(z.trim(), z.maxLength(254, 'must be at most 254 characters'), z.email('must be a valid email address')),
  password: z
    .string('must be a string')
    .check(z.minLength(8, 'must be at least 8 characters'), z.maxLength(1024, 'must be at most 1024 characters')),
});

export const authRoutes = new Hono<AppEnv>()
  .post('/signup', validate('json', credentials), async (c) => {
    const { email, password } = c.req.valid('json');
    const user = await createUser(c.var.db, email, password);
    setSessionCookie(c, await createSession(c.var.db, user.id));
    return c.json({ user: { ...user, credits: 0 } }, 201);
  })
  .post('/login', validate('json', credentials), async (c) => {
    const { email, password } = c.req.valid('json');
    const user = await authenticate(c.var.db, email, password);
    setSessionCookie(c, await createSession(c.var.db, user.id));
    return c.json({ user });
  })
  .post('/logout', async (c) => {
    const token = readSessionToken(c);
    if (token) await revokeSession(c.var.db, token);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get('/me', requireUser, (c) => {
    const { id, email, credits, held, expiring } = c.var.user;
    return c.json({ id, email, credits, held, expiring });
  });
