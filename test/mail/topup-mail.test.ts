// Auto top-up's emails (issues 22 and 24): one receipt per top-up whichever path credited it (the
// room's synchronous answer, then Stripe's late payment_intent.succeeded), and one notice per pause
// (declines, authentication, the month's limit), in the user's language.
import { describe, expect, it } from 'vitest';
import { ensureCustomer } from '../../worker/accounts/customers';
import { startAttempt } from '../../worker/autotopup/attempts';
import { storeCard, updateAutoTopup } from '../../worker/autotopup/settings';
import {
  attemptsOf,
  cardUser,
  db,
  FAKE_CARD,
  intentEvent,
  piId,
  putSettings,
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
