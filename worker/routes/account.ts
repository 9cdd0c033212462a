// /api/account: the signed-in user's own account page: sessions (list, sign out one, sign out every
// other), change password, change email (confirmed by a link to the new address), close the account. Parses, rate-limits password checks like login, calls
// worker/accounts, closes the ended sessions' live sockets. Passwords are never logged.
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { consume, consumeForIp, rateLimitKeys } from '../abuse/rate-limits';
import { changePassword } from '../accounts/account-changes';
import { requestEmailChange } from '../accounts/email-changes';
import { listSessions, revokeOtherSessions, revokeSessionById } from '../accounts/session-list';
import { closeUserTokenSockets } from '../apps/token-sockets';
import { deleteAccount } from '../closing/delete-account';
import type { AppEnv } from '../env';
import { notFound } from '../errors';
import { onCommitFor } from '../live/publisher';
import { closeSessionSockets } from '../live/session-sockets';
import { mailEmailChangeLink } from '../mail/email-change-email';
import { clearSessionCookie, requireUser } from '../middleware/auth';
import { stripeClient } from '../stripe/client';
import { validate } from '../validation';
import { passwordSchema } from './auth';

/** The password typed to confirm: checked against the stored hash, so only its size is limited. */
const confirmation = z
  .string('must be a string')
  .check(z.minLength(1, 'is required'), z.maxLength(1024, 'is too long'));
const passwordChange = z.object({ currentPassword: confirmation, newPassword: passwordSchema });
/** `cancelPlan`: cancel a billing plan now instead of being refused (the page states what is lost first). */
const closure = z.object({ password: confirmation, cancelPlan: z.optional(z.boolean('must be a boolean')) });
const emailChange = z.object({
  email: z
    .string('must be a string')
    .check(z.trim(), z.maxLength(254, 'must be at most 254 characters'), z.email('must be a valid email address')),
  password: confirmation,
});
const sessionParam = z.object({ id: z.string().check(z.regex(/^[0-9a-f]{16}$/, 'is not a session id')) });

export const accountRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/sessions', async (c) => {
    const sessions = await listSessions(c.var.db, c.var.user.id, c.var.session.tokenHash);
    return c.json({ sessions });
  })
  .delete('/sessions/:id', validate('param', sessionParam), async (c) => {
    const ended = await revokeSessionById(c.var.db, c.var.user.id, c.req.valid('param').id);
    if (!ended) throw notFound('session_not_found', 'That session has already ended.');
    await closeSessionSockets(c.env, c.var.user.id, [ended]);
    // Ending the session this request came on is signing out here.
    if (ended === c.var.session.tokenHash) clearSessionCookie(c);
    return c.body(null, 204);
  })
  .post('/sessions/sign-out-others', async (c) => {
    const ended = await revokeOtherSessions(c.var.db, c.var.user.id, c.var.session.tokenHash);
    await closeSessionSockets(c.env, c.var.user.id, ended);
    return c.json({ signedOut: ended.length });
  })
  .post('/password', validate('json', passwordChange), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    await countPasswordCheck(c.env, c.req.raw, c.var.user.email);
    const ended = await changePassword(c.var.db, {
      userId: c.var.user.id,
      keepSession: c.var.session.tokenHash,
      currentPassword,
      newPassword,
    });
    await closeSessionSockets(c.env, c.var.user.id, ended);
    return c.json({ signedOut: ended.length });
  })
  .post('/email', validate('json', emailChange), async (c) => {
    const { email, password } = c.req.valid('json');
    await countPasswordCheck(c.env, c.req.raw, c.var.user.email);
    const change = await requestEmailChange(c.var.db, { userId: c.var.user.id, newEmail: email, password });
    // The account keeps its address until the link sent to the new one is opened (auth.ts confirms it).
    c.executionCtx.waitUntil(
      mailEmailChangeLink(c.env, c.var.db, { userId: c.var.user.id, ...change }).catch((err) =>
        console.error(JSON.stringify({ msg: 'email_change_mail_failed', error: String(err) })),
      ),
    );
    return c.json({ pendingEmail: change.newEmail }, 202);
  })
  .post('/delete', validate('json', closure), async (c) => {
    await countPasswordCheck(c.env, c.req.raw, c.var.user.email);
    const ended = await deleteAccount(
      c.var.db,
      onCommitFor(c),
      { userId: c.var.user.id, credits: c.var.user.credits, ...c.req.valid('json') },
      stripeClient(c.env),
    );
    await closeSessionSockets(c.env, c.var.user.id, ended);
    // The sockets an app's pages opened with browser tokens end too (4001).
    await closeUserTokenSockets(c.env, c.var.user.id);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

/**
 * A password check counts against login's own limits (per IP and per account), so a stolen session
 * cannot guess the password here faster than at the sign-in form. Counted before any hashing.
 */
async function countPasswordCheck(env: Env, request: Request, email: string): Promise<void> {
  await consumeForIp(env, 'LOGIN_IP_LIMITER', request, rateLimitKeys.loginIp);
  await consume(env, 'LOGIN_ACCOUNT_LIMITER', await rateLimitKeys.loginAccount(email));
}
