// Auto top-up's emails (issues 22 and 24): one receipt per top-up whichever path credited it (the
// room's synchronous answer, then Stripe's late payment_intent.succeeded), and one notice per pause
// (declines, authentication, the month's limit), in the user's language.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ensureCustomer } from '../../worker/accounts/customers';
import { startAttempt } from '../../worker/autotopup/attempts';
import { runAutoTopup } from '../../worker/autotopup/charge';
import { storeCard, updateAutoTopup } from '../../worker/autotopup/settings';
import { ignoreCommits } from '../../worker/ledger/commit';
import {
  attemptsOf,
  cardBehavesAs,
  cardUser,
  db,
  FAKE_CARD,
  intentEvent,
  piId,
  putSettings,
  settingsOf,
  stripe,
  topupCredits,
} from '../autotopup/support';
import { type Account, api, balanceOf, uniqueEmail } from '../helpers';
import { emulator } from '../stripe-helpers';
import { deliverAndSettle, mailSentRows, mailTo } from './support';

describe('auto top-up receipts', () => {
  it('sends exactly one receipt for a room-driven top-up, even when its webhook arrives too', async () => {
    const user = await cardUser(150);
    expect((await putSettings(user, { thresholdCredits: 100 })).status).toBe(200);
    const spent = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 100, reason: 'render', idempotencyKey: 'below-threshold' },
    });
    expect(spent.status).toBe(200);
    // The room charges in its alarm and credits from Stripe's answer; its receipt is the first mail
    // (the setup Checkout sends none). Waits on the catcher, never a sleep.
    const [mail] = await mailTo(user.email, 1);
    const [credit] = await topupCredits(user.id);
    const pi = credit?.reference ?? '';
    expect(credit).toEqual({ delta: 1_000, reference: expect.stringMatching(/^pi_/) });
    expect(await attemptsOf(user.id)).toMatchObject([{ status: 'succeeded', payment_intent_id: pi }]);
    expect(mail?.subject).toBe('Your receipt: auto top-up of 1,000 credits');
    expect(mail?.text).toContain('we topped it up as you asked');
    expect(mail?.text).toContain('Amount: $10.00');
    expect(mail?.text).toContain('Credits: 1,000');
    expect(mail?.text).toMatch(/Date: \w+ \d{1,2}, \d{4}.* UTC/);
    // Stripe's own webhook for the same PaymentIntent, twice: no second receipt.
    const { events } = (await (await emulator('/_emulator/events?type=payment_intent.succeeded')).json()) as {
      events: { data: { object: { id: string } } }[];
    };
    const succeeded = events.find((e) => e.data.object.id === pi);
    expect(succeeded).toBeDefined();
    for (let i = 0; i < 2; i++) expect((await deliverAndSettle(succeeded)).status).toBe(200);
    expect(await mailTo(user.email)).toHaveLength(1);
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_receipt:${pi}`, kind: 'auto_topup_receipt' },
    ]);
  });

  it('sends one receipt in Chinese when the webhook credits the attempt (delivered twice)', async () => {
    const user = await zhTopupUser();
    const started = await startAttempt(db, user.id, Date.now());
    if (started.outcome !== 'started') throw new Error(started.outcome);
    const pi = piId();
    const evt = intentEvent('payment_intent.succeeded', { id: pi, userId: user.id, attemptId: started.attempt.id });
    for (let i = 0; i < 2; i++) expect((await deliverAndSettle(evt)).status).toBe(200);
    const mails = await mailTo(user.email, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('您的收据：自动充值 1,000 积分');
    expect(mails[0]?.text).toContain('金额: US$10.00');
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_receipt:${pi}`, kind: 'auto_topup_receipt' },
    ]);
    expect((await balanceOf(user.id)).credits).toBe(1_000);
  });
});

describe('auto top-up pause notices', () => {
  it('three declines (each failure delivered twice) send exactly one paused_declined notice', async () => {
    const user = await cardUser(0);
    expect((await updateAutoTopup(db, user.id, ON, Date.now())).outcome).toBe('updated');
    await cardBehavesAs(user.id, '4000000000000002');
    const { mailer, settled } = collecting();
    const start = Date.now() + 1_000;
    // Every 2 hours (past each decline's hour), more runs than declines: the 4th finds it paused.
    for (let i = 0; i < 4; i++) await runAutoTopup(db, stripe(), ignoreCommits, user.id, start + i * 7_200_000, mailer);
    await settled();
    const attempts = await attemptsOf(user.id);
    expect(attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'failed']);
    expect((await settingsOf(user.id))?.status).toBe('paused_declined');
    // Stripe's own payment_failed webhooks for them, late and twice: nothing more.
    for (const a of attempts)
      for (let i = 0; i < 2; i++)
        await deliverAndSettle(
          intentEvent('payment_intent.payment_failed', {
            id: a.payment_intent_id ?? piId(),
            userId: user.id,
            attemptId: a.id,
          }),
        );
    const mails = await mailTo(user.email, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Auto top-up is paused');
    expect(mails[0]?.text).toContain('We paused your auto top-up: your card was declined 3 times in a row.');
    expect(mails[0]?.text).toContain('save another card');
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_paused:${attempts[2]?.id}`, kind: 'auto_topup_paused' },
    ]);
  });

  it("the room's own run emails the pause when the bank asks for authentication", async () => {
    const user = await cardUser(150);
    await cardBehavesAs(user.id, '4000002760003184');
    expect((await putSettings(user, { thresholdCredits: 100 })).status).toBe(200);
    const spent = await api('/api/credits/spend', {
      method: 'POST',
      cookie: user.cookie,
      body: { amount: 100, reason: 'render', idempotencyKey: 'below-threshold' },
    });
    expect(spent.status).toBe(200);
    // The room's alarm charges, Stripe wants authentication, the settlement pauses and mails.
    const [mail] = await mailTo(user.email, 1);
    expect(mail?.subject).toBe('Auto top-up is paused');
    expect(mail?.text).toContain('your bank asked you to confirm the last payment');
    const [attempt] = await attemptsOf(user.id);
    expect(attempt).toMatchObject({ status: 'failed', failure_code: 'authentication_required' });
    expect((await settingsOf(user.id))?.status).toBe('paused_authentication');
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_paused:${attempt?.id}`, kind: 'auto_topup_paused' },
    ]);
  });

  it("tells a zh user in Chinese when the bank asks for authentication (the webhook's failure)", async () => {
    const user = await zhTopupUser();
    const started = await startAttempt(db, user.id, Date.now());
    if (started.outcome !== 'started') throw new Error(started.outcome);
    const evt = intentEvent('payment_intent.payment_failed', {
      id: piId(),
      userId: user.id,
      attemptId: started.attempt.id,
      code: 'authentication_required',
    });
    for (let i = 0; i < 2; i++) expect((await deliverAndSettle(evt)).status).toBe(200);
    expect((await settingsOf(user.id))?.status).toBe('paused_authentication');
    const mails = await mailTo(user.email, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('自动充值已暂停');
    expect(mails[0]?.text).toContain('我们暂停了您的自动充值：您的银行要求您确认上一笔付款');
    expect(mails[0]?.text).toContain('购买一次积分包以确认银行卡');
    expect(mails[0]?.html).toContain('lang="zh-CN"');
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_paused:${started.attempt.id}`, kind: 'auto_topup_paused' },
    ]);
  });

  it("the month's limit pauses with one notice for the month, however many runs find it", async () => {
    const user = await zhTopupUser(500);
    const { mailer, settled } = collecting();
    const now = Date.UTC(2026, 11, 10);
    expect((await startAttempt(db, user.id, now, mailer)).outcome).toBe('limit_reached');
    expect((await startAttempt(db, user.id, now + 60_000, mailer)).outcome).toBe('not_needed');
    await settled();
    expect((await settingsOf(user.id))?.status).toBe('paused_limit');
    const mails = await mailTo(user.email, 1);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('本月的自动充值已达到您设定的每月上限 US$5.00');
    expect(mails[0]?.text).toContain('下月 1 日（UTC）恢复');
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `auto_topup_paused:limit:${user.id}:2026-12`, kind: 'auto_topup_paused' },
    ]);
  });
});

const ON = { enabled: true, thresholdCredits: 100, packId: 'starter', monthlyLimitCents: 5_000 };

/** A mailer whose background sends the test awaits (the Worker's waitUntil, made visible). */
function collecting() {
  const pending: Promise<unknown>[] = [];
  return {
    mailer: { env, waitUntil: (p: Promise<unknown>) => void pending.push(p) },
    settled: () => Promise.all(pending),
  };
}

/** A user who signed up in Chinese, with a Customer, a saved (fake) card and auto top-up on, as topupUser's. */
async function zhTopupUser(limit = 5_000): Promise<Account> {
  const email = uniqueEmail('zh');
  const res = await api('/api/auth/signup', {
    method: 'POST',
    body: { email, password: 'correct horse battery', locale: 'zh' },
  });
  expect(res.status).toBe(201);
  const { user } = (await res.json()) as { user: { id: string; email: string } };
  const account = { ...user, cookie: '' };
  await ensureCustomer(db, stripe().customers, account);
  await storeCard(db, user.id, FAKE_CARD, Date.now());
  const settings = { enabled: true, thresholdCredits: 100, packId: 'starter', monthlyLimitCents: limit };
  expect((await updateAutoTopup(db, user.id, settings, Date.now())).outcome).toBe('updated');
  return account;
}
