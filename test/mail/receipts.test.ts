// Receipts and notices by email (issue 24 item 3): a pack's receipt once however many times its
// webhook arrives, in the user's language, with amount, credits, date and the receipt link; a plan
// payment's receipt; one notice per failed renewal; and a purchase that still credits when no mail
// provider is configured.
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, balanceOf, ORIGIN, signUp, uniqueEmail } from '../helpers';
import { completed, seedCheckout } from '../stripe-helpers';
import { invoiceFailed, invoicePaid, subscriber, subscriptionEvent } from '../subscriptions/support';
import { deliverAndSettle, mailSentRows, mailTo } from './support';

describe('pack receipts', () => {
  it('sends one receipt for a purchase whose webhook is delivered 3 times', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    const evt = completed(checkout);
    for (let i = 0; i < 3; i++) expect((await deliverAndSettle(evt)).status).toBe(200);
    // Every delivery's background work is done: exactly one message arrived, and one claim holds it.
    const mails = await mailTo(user.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.subject).toBe('Your receipt: 1,000 credits');
    expect(mail?.text).toContain('Thank you for buying the Starter pack.');
    expect(mail?.text).toContain('Amount: $10.00');
    expect(mail?.text).toContain('Credits: 1,000');
    expect(mail?.text).toMatch(/Date: \w+ \d{1,2}, \d{4}.* UTC/);
    expect(mail?.text).toContain(`View the receipt: ${ORIGIN}/api/receipts/${checkout.sessionId}`);
    expect(mail?.html).toContain('<b>$10.00</b>');
    expect(await mailSentRows(user.id)).toEqual([
      { dedupe_key: `pack_receipt:${checkout.sessionId}`, kind: 'pack_receipt' },
    ]);
    expect((await balanceOf(user.id)).credits).toBe(1000);
  });

  it('writes the receipt in Chinese for a user who signed up in Chinese, and names no one else', async () => {
    const email = uniqueEmail('zh');
    const res = await api('/api/auth/signup', {
      method: 'POST',
      body: { email, password: 'correct horse battery', locale: 'zh' },
    });
    const { user } = (await res.json()) as { user: { id: string } };
    const bystander = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    await deliverAndSettle(completed(checkout));
    const [mail] = await mailTo(email, 1);
    expect(mail?.subject).toBe('您的收据：1,000 积分');
    expect(mail?.text).toContain('感谢您购买入门包。');
    expect(mail?.text).toContain('金额: US$10.00');
    expect(mail?.html).toContain('lang="zh-CN"');
    expect(mail?.to).toEqual([email]);
    expect(`${mail?.text}${mail?.html}`).not.toContain(bystander.email);
    expect(`${mail?.text}${mail?.html}`).not.toContain(bystander.id);
  });

  it('credits a purchase when no mail provider is configured, logs no key, and sends later once it is', async () => {
    const user = await signUp();
    const checkout = await seedCheckout(user.id, { credits: 1000, amount: 1000 });
    const logged: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      const res = await deliverAndSettle(completed(checkout), { ...env, MAIL_API_KEY: '' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: true });
    } finally {
      console.warn = warn;
    }
    expect((await balanceOf(user.id)).credits).toBe(1000);
    expect(logged.some((line) => line.includes('mail not configured'))).toBe(true);
    expect(logged.join('\n')).not.toContain(env.MAIL_API_KEY);
    expect(await mailTo(user.email)).toEqual([]);
    // Nothing stays claimed: mail_sent holds no key as if the receipt had gone (provider-refusal.test.ts
    // shows a refused send giving its claim back the same way).
    expect(await mailSentRows(user.id)).toEqual([]);
  });
});

describe('plan receipts and notices', () => {
  it('sends one receipt per plan payment and one notice per failed renewal, however often they arrive', async () => {
    const s = await subscriber('pro');
    await deliverAndSettle(subscriptionEvent('created', s));
    await deliverAndSettle(invoicePaid(s));
    await deliverAndSettle(invoicePaid(s));
    const failed = invoiceFailed(s, { n: 2 });
    await deliverAndSettle(failed);
    await deliverAndSettle(failed);
    await deliverAndSettle(invoiceFailed(s, { n: 2 }));
    const mails = await mailTo(s.user.email);
    expect(mails.map((m) => m.subject)).toEqual(['Your Pro plan payment failed', 'Your receipt: Pro plan']);
    const [notice, receipt] = mails;
    expect(receipt?.text).toContain('Amount: $29.00');
    expect(receipt?.text).toContain('Credits: 7,700');
    expect(receipt?.text).toContain(`See your history: ${ORIGIN}/en/history`);
    expect(notice?.text).toContain('We could not charge your card for the Pro plan.');
    expect(notice?.text).toContain('Amount: $29.00');
    expect((await mailSentRows(s.user.id)).map((r) => r.kind)).toEqual(['plan_receipt', 'renewal_failed']);
  });
});
