// Reading the mail the Worker sent: the test mail catcher's JSON API (test/setup/start-mail-catcher.ts),
// waiting on the mail itself (its `count` long poll), never a sleep; and a reset link's token.
import { inject } from 'vitest';

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
