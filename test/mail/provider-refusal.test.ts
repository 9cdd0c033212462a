// The mail provider answering non-2xx: sendMail reports `failed` without throwing and logs the
// message's key and the provider's status, never the API key; the once-only claim is given back, so
// the purchase still credits and a later attempt sends it, once: a notice's event delivered again,
// or for a receipt the cron (owed-receipts.test.ts).
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sendMail } from '../../worker/mail/send';
import { balanceOf, signUp, uniqueEmail } from '../helpers';
import { completed, seedCheckout } from '../stripe-helpers';
import { invoiceFailed, subscriber, subscriptionEvent } from '../subscriptions/support';
import { deliverAndSettle, mailSentRows, mailTo, refusingEnv } from './support';

/** Runs `act` with console.log/warn/error captured, and returns its result and every line logged. */
async function capturingLogs<T>(act: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const keep = (...args: unknown[]) => void lines.push(args.join(' '));
  Object.assign(console, { log: keep, warn: keep, error: keep });
  try {
    return { result: await act(), lines };
  } finally {
    Object.assign(console, saved);
  }
}

/** The JSON log lines whose `msg` is `msg`. */
const linesOf = (lines: string[], msg: string) =>
  lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { msg?: unknown };
      return parsed.msg === msg ? [parsed] : [];
    } catch {
      return [];
    }
  });

describe('the mail provider refusing', () => {
  it('sendMail reports a non-2xx answer as failed with its status, logs the key, never the API key', async () => {
    const message = { to: uniqueEmail(), subject: 's', text: 't', html: '<p>h</p>', idempotencyKey: 'receipt:42' };
    const { result, lines } = await capturingLogs(() => sendMail(refusingEnv(), message));
    expect(result).toEqual({ outcome: 'failed', status: 404, reason: 'Not found.' });
    expect(linesOf(lines, 'mail_send_failed')).toEqual([
      { msg: 'mail_send_failed', key: 'receipt:42', status: 404, reason: 'Not found.' },
    ]);
    expect(lines.join('\n')).not.toContain(env.MAIL_API_KEY);
    expect(await mailTo(message.to)).toEqual([]);
  });

  it('a refused pack receipt leaves the purchase credited and its claim given back', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    const evt = completed(checkout);
    const { result: res, lines } = await capturingLogs(() => deliverAndSettle(evt, refusingEnv()));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect((await balanceOf(user.id)).credits).toBe(1000);
    expect(linesOf(lines, 'mail_send_failed')).toEqual([
      { msg: 'mail_send_failed', key: `pack_receipt:${checkout.sessionId}`, status: 404, reason: 'Not found.' },
    ]);
    expect(lines.join('\n')).not.toContain(env.MAIL_API_KEY);
    expect(await mailTo(user.email)).toEqual([]);
    // The claim was given back: a refused send must not hold the receipt's key as if it went.
    expect(await mailSentRows(user.id)).toEqual([]);
  });

  it('a refused renewal notice is sent once by a later delivery of its event, however many come', async () => {
    const s = await subscriber('pro');
    await deliverAndSettle(subscriptionEvent('created', s));
    const failed = invoiceFailed(s, { n: 2 });
    const { result: res, lines } = await capturingLogs(() => deliverAndSettle(failed, refusingEnv()));
    expect(res.status).toBe(200);
    const key = `renewal_failed:${failed.data.object.id}`;
    expect(linesOf(lines, 'mail_send_failed')).toEqual([
      { msg: 'mail_send_failed', key, status: 404, reason: 'Not found.' },
    ]);
    expect(lines.join('\n')).not.toContain(env.MAIL_API_KEY);
    expect(await mailSentRows(s.user.id)).toEqual([]);
    // Stripe delivers an event more than once: once the provider answers, the notice goes, once.
    for (let i = 0; i < 2; i++) expect((await deliverAndSettle(failed)).status).toBe(200);
    const mails = await mailTo(s.user.email, 1);
    expect(mails.map((m) => m.subject)).toEqual(['Your Pro plan payment failed']);
    expect(await mailSentRows(s.user.id)).toEqual([{ dedupe_key: key, kind: 'renewal_failed' }]);
  });
});
