// The Worker's one way to send an email: sendMail(env, message) through Resend's HTTP API
// (docs/libraries.md says why), or the local mail catcher that speaks the same call (MAIL_API_BASE).
// Mail is a courtesy around the money, never part of it: this never throws, and with no provider
// configured it logs "mail not configured" (never the key) and reports it, so the user's action
// (a purchase, a reset request) goes on regardless.

/** Resend's API; MAIL_API_BASE points elsewhere (the mail catcher) in dev and tests. */
export const DEFAULT_MAIL_API_BASE = 'https://api.resend.com';
const SEND_TIMEOUT_MS = 10_000;

export type MailEnv = Partial<Pick<Env, 'MAIL_API_KEY' | 'MAIL_FROM' | 'MAIL_API_BASE'>>;
/** …and the app's origin, for the links in receipts and notices. */
export type ReceiptEnv = MailEnv & Pick<Env, 'APP_ORIGIN'>;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Sent as the provider's Idempotency-Key: a retried send of the same message is delivered once
   * (Resend keeps keys for 24 h). Say what the message is about (`receipt:42`), never a secret.
   */
  idempotencyKey: string;
}

export type MailOutcome =
  | { outcome: 'sent'; id: string }
  | { outcome: 'not_configured' }
  | { outcome: 'failed'; status?: number; reason: string };

/** Whether a provider is configured: a key and a sender. Without them nothing is sent (nor claimed). */
export const mailConfigured = (env: MailEnv) => Boolean(env.MAIL_API_KEY && env.MAIL_FROM);

export async function sendMail(env: MailEnv, message: MailMessage): Promise<MailOutcome> {
  if (!mailConfigured(env)) {
    console.warn(JSON.stringify({ msg: 'mail not configured', key: message.idempotencyKey }));
    return { outcome: 'not_configured' };
  }
  const base = (env.MAIL_API_BASE || DEFAULT_MAIL_API_BASE).replace(/\/+$/, '');
  try {
    const res = await fetch(`${base}/emails`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${env.MAIL_API_KEY}`,
        'content-type': 'application/json',
        'idempotency-key': message.idempotencyKey,
      },
      body: JSON.stringify({
        from: env.MAIL_FROM,
        to: [message.to],
        subject: message.subject,
        text: message.text,
        html: message.html,
      }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { id?: unknown; message?: unknown };
    if (res.ok && typeof body.id === 'string') return { outcome: 'sent', id: body.id };
    // The provider's message names the problem (bad sender, unverified domain); it holds no secret.
    return failed({ status: res.status, reason: String(body.message ?? res.statusText) }, message);
  } catch (err) {
    return failed({ reason: String(err) }, message);
  }
}

function failed(f: { status?: number; reason: string }, message: MailMessage): MailOutcome {
  console.error(JSON.stringify({ msg: 'mail_send_failed', key: message.idempotencyKey, ...f }));
  return { outcome: 'failed', ...f };
}
