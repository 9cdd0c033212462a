// Changing the account's email (issue 24 item 2): the new address is confirmed by a link sent to it
// before it replaces the old one, so until then sign-in and receipts stay on the old address; the
// link works once, for 24 hours (time injected); a taken address is 409; a wrong password is 403.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { confirmEmailChange, EMAIL_CHANGE_TTL_MS, requestEmailChange } from '../../worker/accounts/email-changes';
import { api, signUp, testDb, uniqueEmail } from '../helpers';
import { completed, seedCheckout } from '../stripe-helpers';
import { deliverAndSettle, mailTo } from './support';

const PASSWORD = 'correct horse battery';

const changeEmail = (cookie: string, email: string, password = PASSWORD) =>
  api('/api/account/email', { method: 'POST', cookie, body: { email, password } });
const confirm = (token: string) => api('/api/auth/email-change/confirm', { method: 'POST', body: { token } });
const login = (email: string) => api('/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } });

function tokenIn(text: string): string {
  const match = /\/en\/confirm-email\?token=([0-9a-f]{64})/.exec(text);
  if (!match?.[1]) throw new Error(`no confirm link in ${text}`);
  return match[1];
}

const emailOf = async (userId: string) =>
  (await env.DB.prepare('SELECT email FROM users WHERE id = ?').bind(userId).first<{ email: string }>())?.email;

describe('changing the email', () => {
  it('keeps the old address (sign-in and receipts) until the link sent to the new one is opened, once', async () => {
    const user = await signUp();
    const next = uniqueEmail('new');
    const res = await changeEmail(user.cookie, next);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ pendingEmail: next });
    const [mail] = await mailTo(next, 1);
    expect(mail?.subject).toBe('Confirm your new email for Creditcast');
    expect(await mailTo(user.email)).toEqual([]);

    // Not confirmed yet: a purchase's receipt goes to the old address, and the old address signs in.
    await deliverAndSettle(completed(await seedCheckout(user.id)));
    expect((await mailTo(user.email, 1)).map((m) => m.subject)).toEqual(['Your receipt: 1,000 credits']);
    expect(await emailOf(user.id)).toBe(user.email);
    expect((await login(next)).status).toBe(401);

    const token = tokenIn(mail!.text);
    expect((await confirm(token)).status).toBe(204);
    expect(await emailOf(user.id)).toBe(next);
    expect((await login(next)).status).toBe(200);
    expect((await login(user.email)).status).toBe(401);
    // The session stays; the link is used up.
    expect(((await (await api('/api/auth/me', { cookie: user.cookie })).json()) as { email: string }).email).toBe(next);
    const again = await confirm(token);
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('invalid_email_token');
  });

  it('refuses a wrong password (403) and an address another account has (409), sending nothing', async () => {
    const [user, other] = [await signUp(), await signUp()];
    const wrong = await changeEmail(user.cookie, uniqueEmail('x'), 'not my password');
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('wrong_password');
    const taken = await changeEmail(user.cookie, other.email.toUpperCase());
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe('email_taken');
    expect(await mailTo(other.email)).toEqual([]);
    expect((await changeEmail('', uniqueEmail('y'))).status).toBe(401);
  });

  it('refuses a link after 24 hours (time injected), and one whose address was taken meanwhile (409, email unchanged)', async () => {
    const db = testDb();
    const user = await signUp();
    const at = Date.now();
    const late = await requestEmailChange(
      db,
      { userId: user.id, newEmail: uniqueEmail('late'), password: PASSWORD },
      at,
    );
    expect(await confirmEmailChange(db, late.token, at + EMAIL_CHANGE_TTL_MS)).toEqual({ outcome: 'invalid' });
    expect(await emailOf(user.id)).toBe(user.email);

    const raced = await requestEmailChange(db, { userId: user.id, newEmail: uniqueEmail('raced'), password: PASSWORD });
    await signUp(raced.newEmail);
    expect(await confirmEmailChange(db, raced.token)).toEqual({ outcome: 'email_taken' });
    expect(await emailOf(user.id)).toBe(user.email);
  });
});
