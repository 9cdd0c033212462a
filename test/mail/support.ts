// Reading the mail the Worker sent: the test mail catcher's JSON API (test/setup/start-mail-catcher.ts),
// waiting on the mail itself (its `count` long poll), never a sleep; a reset link's token; Stripe
// events delivered with their background work awaited; the once-only claims; a provider that refuses.
import { env } from 'cloudflare:test';
import { inject } from 'vitest';
import { ORIGIN } from '../helpers';
import { callApp } from '../reliability/support';
import { signature } from '../stripe-helpers';

export const mailCatcherUrl = inject('mailCatcherUrl');

export interface CaughtMail {
  id: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  at: string;
}

/** The messages to `to`, newest first, once at least `count` arrived (the catcher waits up to 20 s). */
export async function mailTo(to: string, count = 0): Promise<CaughtMail[]> {
  const res = await fetch(`${mailCatcherUrl}/api/messages?to=${encodeURIComponent(to)}&count=${count}`);
  const { messages } = (await res.json()) as { messages: CaughtMail[] };
  if (res.status !== 200) throw new Error(`expected ${count} mail(s) to ${to}, got ${JSON.stringify(messages)}`);
  return messages;
}

/** The reset link in a reset email's text, and its token. */
export function resetLinkIn(mail: CaughtMail): { url: URL; token: string } {
  const match = /(http\S+\/reset-password\?token=\S+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no reset link in ${mail.text}`);
  const url = new URL(match[1]);
  return { url, token: url.searchParams.get('token') ?? '' };
}

/**
 * Delivers a Stripe event through the Worker's fetch handler in this isolate and returns once its
 * background work (the receipt's send) has finished too; `appEnv` lets a test doctor the bindings.
 */
export async function deliverAndSettle(evt: unknown, appEnv: Env = env): Promise<Response> {
  const payload = JSON.stringify(evt);
  return callApp(
    new Request(`${ORIGIN}/api/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': await signature(payload) },
      body: payload,
    }),
    appEnv,
  );
}

export async function mailSentRows(userId: string) {
  const { results } = await env.DB.prepare(
    'SELECT dedupe_key, kind FROM mail_sent WHERE user_id = ? ORDER BY created_at',
  )
    .bind(userId)
    .all<{ dedupe_key: string; kind: string }>();
  return results;
}

/** The Worker's env with the provider at a path it answers 404 on (a misconfigured MAIL_API_BASE). */
export const refusingEnv = (): Env => ({ ...env, MAIL_API_BASE: `${env.MAIL_API_BASE}/nowhere` });
