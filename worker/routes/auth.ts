// /api/auth: sign-up, login, logout, me, and password reset (request by email, confirm with the
// emailed token). Parses, calls worker/accounts and worker/mail, shapes the answer.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { consume, consumeForIp, rateLimitKeys } from '../abuse/rate-limits';
import { confirmEmailChange } from '../accounts/email-changes';
import { confirmPasswordReset } from '../accounts/password-resets';
import { createSession, revokeSession } from '../accounts/sessions';
import { authenticate, createUser, normalizeEmail, rememberLocale } from '../accounts/users';
import type { AppEnv } from '../env';
import { badRequest, conflict } from '../errors';
import { closeSessionSockets } from '../live/session-sockets';
import { mailResetLink } from '../mail/reset-email';
import { clearSessionCookie, readSessionToken, requireUser, setSessionCookie } from '../middleware/auth';
import { validate } from '../validation';
import { LOCALES } from '../vocabulary/locales';

/** An unpaired UTF-16 surrogate: TextEncoder turns each into U+FFFD, so such passwords would collide. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** A password as sign-up (and the account page's change of password) accepts it. */
export const passwordSchema = z.string('must be a string').check(
  z.minLength(8, 'must be at least 8 characters'),
  z.maxLength(1024, 'must be at most 1024 characters'),
  z.refine((p) => !LONE_SURROGATE.test(p), 'must be valid Unicode text (no unpaired surrogates)'),
);

const emailSchema = z
  .string()
  .check(z.trim(), z.maxLength(254, 'must be at most 254 characters'), z.email('must be a valid email address'));
/** The page's language: the user's emails are written in it (the last one they signed up or in with). */
const locale = z.optional(z.enum(LOCALES, 'must be "en" or "zh"'));

const credentials = z.object({ email: emailSchema, password: passwordSchema, locale });
const resetRequest = z.object({ email: emailSchema, locale });
/** An emailed link's token (reset or email change): 64 hex characters, but any short string is only "invalid". */
const tokenSchema = z.string('must be a string').check(z.minLength(1, 'is required'), z.maxLength(128, 'is too long'));
const resetConfirm = z.object({ token: tokenSchema, password: passwordSchema });

export const authRoutes = new Hono<AppEnv>()
  .post('/signup', validate('json', credentials), async (c) => {
    const { email, password, locale } = c.req.valid('json');
    await consumeForIp(c.env, 'SIGNUP_IP_LIMITER', c.req.raw, rateLimitKeys.signupIp);
    const user = await createUser(c.var.db, email, password, locale);
    setSessionCookie(c, await createSession(c.var.db, user.id, Date.now(), c.req.header('user-agent')));
    return c.json({ user: { ...user, credits: 0 } }, 201);
  })
  .post('/login', validate('json', credentials), async (c) => {
    const { email, password, locale } = c.req.valid('json');
    // Counted before the password is hashed, so a locked-out guesser costs no PBKDF2 either.
    await consumeForIp(c.env, 'LOGIN_IP_LIMITER', c.req.raw, rateLimitKeys.loginIp);
    await consume(c.env, 'LOGIN_ACCOUNT_LIMITER', await rateLimitKeys.loginAccount(normalizeEmail(email)));
    const user = await authenticate(c.var.db, email, password);
    // Remembered off the response path: a language is not worth a round trip before the answer.
    if (locale) c.executionCtx.waitUntil(rememberLocale(c.var.db, user.id, locale));
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
  .post('/password-reset', validate('json', resetRequest), async (c) => {
    const { email, locale } = c.req.valid('json');
    // Counted for every address, known or not, so the limit itself says nothing about accounts.
    await consumeForIp(c.env, 'LOGIN_IP_LIMITER', c.req.raw, rateLimitKeys.resetIp);
    await consume(c.env, 'LOGIN_ACCOUNT_LIMITER', await rateLimitKeys.resetAccount(normalizeEmail(email)));
    // Everything else happens after the answer: 202 at once, the same for any address (API.md).
    c.executionCtx.waitUntil(
      mailResetLink(c.env, c.var.db, { email, locale }).catch((err) =>
        console.error(JSON.stringify({ msg: 'password_reset_mail_failed', error: String(err) })),
      ),
    );
    return c.body(null, 202);
  })
  .post('/password-reset/confirm', validate('json', resetConfirm), async (c) => {
    // Each confirm hashes a password (PBKDF2): limited per address like login attempts.
    await consumeForIp(c.env, 'LOGIN_IP_LIMITER', c.req.raw, rateLimitKeys.resetIp);
    const reset = await confirmPasswordReset(c.var.db, c.req.valid('json'));
    if (reset.outcome === 'invalid') {
      throw badRequest(
        'invalid_reset_token',
        'This reset link is unknown, already used or expired. Ask for a new one.',
      );
    }
    // Every session ended in the batch; their live sockets close now (4001, as at sign-out).
    await closeSessionSockets(c.env, reset.userId, reset.endedSessions);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/email-change/confirm', validate('json', z.object({ token: tokenSchema })), async (c) => {
    // No session needed: the link may be opened on another device; the token is the proof.
    const changed = await confirmEmailChange(c.var.db, c.req.valid('json').token);
    if (changed.outcome === 'invalid') {
      throw badRequest('invalid_email_token', 'This confirmation link is unknown, already used or expired.');
    }
    if (changed.outcome === 'email_taken') throw conflict('email_taken', 'An account with this email already exists.');
    return c.body(null, 204);
  })
  .get('/me', requireUser, (c) => {
    const { id, email, role, credits, held, expiring } = c.var.user;
    return c.json({ id, email, role, credits, held, expiring });
  });
