// Receipts still owed (worker/mail/owed-receipts.ts): a receipt the provider refused is sent by the
// cron once the provider answers, exactly once however many runs (two at once included), not in its
// first minute (the inline send's), not after the 24-hour window, never with mail unconfigured (which
// reads nothing), and for plan payments and auto top-ups as for packs. Time is the cron's
// scheduledTime, injected: no sleeps.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../worker/autotopup/attempts';
import { SWEEP_CRON } from '../../worker/cron';
import { createDb } from '../../worker/db/client';
import { OWED_GRACE_MS, OWED_WINDOW_MS, sendOwedReceipts } from '../../worker/mail/owed-receipts';
import { db, intentEvent, piId, topupUser } from '../autotopup/support';
import { balanceOf, ORIGIN, runScheduled, signUp } from '../helpers';
import { completed, seedCheckout } from '../stripe-helpers';
import { invoicePaid, subscriber, subscriptionEvent } from '../subscriptions/support';
import { deliverAndSettle, mailSentRows, mailTo, refusingEnv } from './support';

/** A cron time past the grace minute of anything credited so far (with margin for the D1 clock). */
const pastGrace = () => Date.now() + OWED_GRACE_MS + 5_000;

/** A pack bought while the provider refused: credited, no mail, no claim kept. */
async function refusedPack() {
  const user = await signUp();
  const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
  expect((await deliverAndSettle(completed(checkout), refusingEnv())).status).toBe(200);
  expect((await balanceOf(user.id)).credits).toBe(1000);
  expect(await mailTo(user.email)).toEqual([]);
  expect(await mailSentRows(user.id)).toEqual([]);
  return { user, checkout, key: `pack_receipt:${checkout.sessionId}` };
}

describe('receipts still owed, sent by the cron', () => {
  it('sends a refused pack receipt once, after its first minute, and never again', async () => {
    const { user, checkout, key } = await refusedPack();
    // The gap: the event delivered again records no new credit, so it sends nothing.
    expect((await deliverAndSettle(completed(checkout))).status).toBe(200);
    // Within the first minute the receipt is the inline send's: the cron leaves it.
    await runScheduled(SWEEP_CRON, Date.now());
    expect(await mailTo(user.email)).toEqual([]);

    await runScheduled(SWEEP_CRON, pastGrace());
    const [mail] = await mailTo(user.email, 1);
    expect(mail?.subject).toBe('Your receipt: 1,000 credits');
    expect(mail?.text).toContain('Amount: $10.00');
    expect(mail?.text).toContain(`View the receipt: ${ORIGIN}/api/receipts/${checkout.sessionId}`);
    expect(await mailSentRows(user.id)).toEqual([{ dedupe_key: key, kind: 'pack_receipt' }]);

    await runScheduled(SWEEP_CRON, pastGrace());
    expect(await mailTo(user.email)).toHaveLength(1);
    expect((await balanceOf(user.id)).credits).toBe(1000);
  });

  it('tries again on each run while the provider refuses, and sends once when it answers', async () => {
    const { user, key } = await refusedPack();
    for (let i = 0; i < 2; i++) await runScheduled(SWEEP_CRON, pastGrace(), refusingEnv());
    expect(await mailTo(user.email)).toEqual([]);
    expect(await mailSentRows(user.id)).toEqual([]);
    await runScheduled(SWEEP_CRON, pastGrace());
    expect((await mailTo(user.email, 1)).map((m) => m.subject)).toEqual(['Your receipt: 1,000 credits']);
    expect(await mailSentRows(user.id)).toEqual([{ dedupe_key: key, kind: 'pack_receipt' }]);
  });

  it('two cron runs at once send one receipt', async () => {
    const { user, key } = await refusedPack();
    const at = pastGrace();
    await Promise.all([runScheduled(SWEEP_CRON, at), runScheduled(SWEEP_CRON, at)]);
    expect(await mailTo(user.email, 1)).toHaveLength(1);
    expect(await mailSentRows(user.id)).toEqual([{ dedupe_key: key, kind: 'pack_receipt' }]);
  });

  it('gives up a receipt owed for longer than the window, and sends one at its last moment', async () => {
    const { user, checkout } = await refusedPack();
    const entry = await env.DB.prepare('SELECT created_at FROM ledger_entries WHERE reference = ? AND kind = ?')
      .bind(checkout.sessionId, 'purchase')
      .first<{ created_at: number }>();
    const credited = entry?.created_at ?? 0;
    await runScheduled(SWEEP_CRON, credited + OWED_WINDOW_MS + 1);
    expect(await mailTo(user.email)).toEqual([]);
    expect(await mailSentRows(user.id)).toEqual([]);
    await runScheduled(SWEEP_CRON, credited + OWED_WINDOW_MS);
    expect(await mailTo(user.email, 1)).toHaveLength(1);
  });

  it('with mail unconfigured reads nothing and sends nothing; configured, it sends the receipt', async () => {
    const { user } = await refusedPack();
    // Every property of the D1 binding the retry touches, after the client is built.
    const touched: string[] = [];
    const watched = createDb(
      new Proxy(env.DB, {
        get(target, prop) {
          touched.push(String(prop));
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    );
    touched.length = 0;
    for (const unconfigured of [{ MAIL_API_KEY: '' }, { MAIL_FROM: '' }]) {
      const off = { ...env, ...unconfigured };
      expect(await sendOwedReceipts(off, watched, pastGrace())).toEqual({ outcome: 'not_configured' });
      await runScheduled(SWEEP_CRON, pastGrace(), off);
    }
    expect(touched).toEqual([]);
    expect(await mailTo(user.email)).toEqual([]);
    expect(await mailSentRows(user.id)).toEqual([]);

    await runScheduled(SWEEP_CRON, pastGrace());
    expect((await mailTo(user.email, 1)).map((m) => m.subject)).toEqual(['Your receipt: 1,000 credits']);
    // The watch sees reads when there are some: configured, the retry reads (and finds nothing left).
    const ran = await sendOwedReceipts(env, watched, pastGrace());
    expect(ran).toEqual({ outcome: 'ran', owed: 0, sent: 0, failed: 0, other: 0 });
    expect(touched).toContain('prepare');
  });

  it('sends a refused plan payment receipt once', async () => {
    const s = await subscriber('pro');
    await deliverAndSettle(subscriptionEvent('created', s));
    const paid = invoicePaid(s);
    expect((await deliverAndSettle(paid, refusingEnv())).status).toBe(200);
    expect((await balanceOf(s.user.id)).credits).toBe(7_700);
    expect(await mailTo(s.user.email)).toEqual([]);
    for (let i = 0; i < 2; i++) await runScheduled(SWEEP_CRON, pastGrace());
    const mails = await mailTo(s.user.email, 1);
    expect(mails.map((m) => m.subject)).toEqual(['Your receipt: Pro plan']);
    expect(mails[0]?.text).toContain('Credits: 7,700');
    expect(await mailSentRows(s.user.id)).toEqual([
      { dedupe_key: `plan_receipt:${paid.data.object.id}`, kind: 'plan_receipt' },
    ]);
  });

  it('sends a refused auto top-up receipt once', async () => {
    const user = await topupUser();
    const started = await startAttempt(db, user.id, Date.now());
    if (started.outcome !== 'started') throw new Error(started.outcome);
    const pi = piId();
    const evt = intentEvent('payment_intent.succeeded', { id: pi, userId: user.id, attemptId: started.attempt.id });
    expect((await deliverAndSettle(evt, refusingEnv())).status).toBe(200);
    expect((await balanceOf(user.id)).credits).toBe(1_000);
    expect(await mailTo(user.email)).toEqual([]);
    for (let i = 0; i < 2; i++) await runScheduled(SWEEP_CRON, pastGrace());
    const mails = await mailTo(user.email, 1);
    expect(mails.map((m) => m.subject)).toEqual(['Your receipt: auto top-up of 1,000 credits']);
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_receipt:${pi}`, kind: 'auto_topup_receipt' },
    ]);
  });
});
