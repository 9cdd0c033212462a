// The hosted test checkout page: what a person sees, paying by card or bank transfer, declines and closed sessions.
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packSessionParams, startTestEmulator, type TestEmulator, waitFor } from '../test-support';
import { ensurePlanProduct, planSessionParams } from '../test-support-plans';

let t: TestEmulator;
beforeEach(async () => {
  t = await startTestEmulator();
});
afterEach(async () => {
  await t.close();
});

async function openSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create(packSessionParams({ customer_email: 'ada@example.com', ...overrides }));
}

function submit(session: Stripe.Checkout.Session, fields: Record<string, string>): Promise<Response> {
  const form = new URLSearchParams({
    email: 'ada@example.com',
    method: 'card',
    card_number: '4242 4242 4242 4242',
    card_expiry: '12 / 34',
    card_cvc: '123',
    card_name: 'Ada Lovelace',
    ...fields,
  });
  return fetch(`${t.emulator.url}/c/pay/${session.id}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
}

async function recordedEventTypes(): Promise<string[]> {
  const { body } = await t.control<{ events: Stripe.Event[] }>('GET', '/events');
  return body.events.map((event) => event.type);
}

describe('GET /c/pay/{id}', () => {
  it('shows the merchant, test mode, product, amount, prefilled email, methods, card fields and a Pay button', async () => {
    const session = await openSession();
    const response = await fetch(session.url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();

    expect(html).toContain('Creditcast (test mode)');
    expect(html).toContain('TEST MODE');
    expect(html).toContain('1,000 credits');
    expect(html).toContain('<p class="amount">$10.00</p>');
    expect(html).toContain('<button type="submit">Pay $10.00</button>');
    expect(html).toContain('value="ada@example.com"');
    expect(html).toMatch(/<input type="radio" name="method" value="card" checked> Card<\/label>/);
    expect(html).toMatch(/<input type="radio" name="method" value="bank_transfer"> Bank transfer<\/label>/);
    for (const [id, label] of [
      ['email', 'Email'],
      ['card-number', 'Card number'],
      ['card-expiry', 'Expiry'],
      ['card-cvc', 'CVC'],
      ['card-name', 'Name on card'],
    ]) {
      expect(html).toContain(`<label class="field" for="${id}">${label}</label>`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<a class="back" href="http://127.0.0.1:8787/en/buy">← Back</a>');
    expect(html).toContain('4000 0000 0000 0002');
  });

  it('fills {CHECKOUT_SESSION_ID} in the back link, as Stripe does, so the app can ask about the session', async () => {
    const session = await openSession({
      cancel_url: 'http://127.0.0.1:8787/en/payment/cancel?session_id={CHECKOUT_SESSION_ID}',
    });
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain(
      `<a class="back" href="http://127.0.0.1:8787/en/payment/cancel?session_id=${session.id}">← Back</a>`,
    );
  });

  it('formats the amount for the currency and escapes what the merchant sent', async () => {
    const session = await openSession({
      line_items: [
        {
          price_data: { currency: 'jpy', unit_amount: 1500, product_data: { name: '<b>Credits</b> & more' } },
          quantity: 1,
        },
      ],
    });
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain('Pay ¥1,500');
    expect(html).toContain('&lt;b&gt;Credits&lt;/b&gt; &amp; more');
    expect(html).not.toContain('<b>Credits</b>');
  });

  it('answers 404 with a page for a session it never made', async () => {
    const response = await fetch(`${t.emulator.url}/c/pay/cs_test_unknown`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Checkout not found');
  });
});

describe('POST /c/pay/{id}', () => {
  it('pays with 4242 and redirects 303 to success_url with the session id filled in', async () => {
    const session = await openSession();
    const response = await submit(session, {});
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:8787/en/payment/success?session_id=${session.id}`);
    const paid = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(paid.customer_details).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });
    expect(await recordedEventTypes()).toEqual(['checkout.session.completed']);

    // A second click on Pay goes to the success page too, and pays nothing twice.
    const again = await submit(session, {});
    expect(again.status).toBe(303);
    expect(await recordedEventTypes()).toEqual(['checkout.session.completed']);
  });

  it('shows "Your card was declined." with 402 for 4000 0000 0000 0002 and keeps the session open', async () => {
    const session = await openSession();
    const response = await submit(session, { card_number: '4000 0000 0000 0002' });
    expect(response.status).toBe(402);
    const html = await response.text();
    expect(html).toContain('<div class="alert" role="alert">Your card was declined.</div>');
    expect(html).toContain('value="4000 0000 0000 0002"');
    expect(html).toContain('Pay $10.00');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect(await recordedEventTypes()).toEqual([]);

    const retry = await submit(session, {});
    expect(retry.status).toBe(303);
  });

  it('shows the insufficient funds message for 4000 0000 0000 9995', async () => {
    const session = await openSession();
    const response = await submit(session, { card_number: '4000000000009995' });
    expect(response.status).toBe(402);
    expect(await response.text()).toContain('role="alert">Your card has insufficient funds.</div>');
  });

  it('asks for what is missing: a valid email, a full card number, an expiry in the future', async () => {
    const session = await openSession();
    const noEmail = await submit(session, { email: '' });
    expect(noEmail.status).toBe(400);
    expect(await noEmail.text()).toContain('role="alert">Enter a valid email address.</div>');

    const shortCard = await submit(session, { card_number: '4242' });
    expect(await shortCard.text()).toContain('Your card number is incomplete.');
    const pastExpiry = await submit(session, { card_expiry: '01 / 20' });
    expect(await pastExpiry.text()).toContain('Your card&#39;s expiration year is in the past.');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('completes a bank transfer unpaid, redirects, then settles it with async_payment_succeeded', async () => {
    const session = await openSession();
    const response = await submit(session, { method: 'bank_transfer', card_number: '' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain(session.id);

    const completed = await t.control<{ events: Stripe.Event[] }>('GET', '/events?type=checkout.session.completed');
    expect(completed.body.events[0]?.data.object).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    await waitFor(async () => (await recordedEventTypes()).includes('checkout.session.async_payment_succeeded'));
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
  });

  it('shows a clear message instead of the form for a paid or an expired session', async () => {
    const paid = await openSession();
    await submit(paid, {});
    const paidHtml = await (await fetch(`${t.emulator.url}/c/pay/${paid.id}`)).text();
    expect(paidHtml).toContain('This checkout session has already been paid.');
    expect(paidHtml).not.toContain('<form');

    const expired = await openSession();
    await t.stripe.checkout.sessions.expire(expired.id);
    const expiredHtml = await (await fetch(`${t.emulator.url}/c/pay/${expired.id}`)).text();
    expect(expiredHtml).toContain('This checkout session has expired');
    expect(expiredHtml).not.toContain('<form');
    const lateSubmit = await submit(expired, {});
    expect(lateSubmit.status).toBe(200);
    expect((await t.stripe.checkout.sessions.retrieve(expired.id)).status).toBe('expired');
  });
});

describe('the checkout page in the session’s language, and the expiry as people type it', () => {
  it('is in Chinese for locale zh: labels, button, hint, the lang attribute and a translated decline', async () => {
    const session = await openSession({ locale: 'zh' });
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<label class="field" for="card-number">卡号</label>');
    expect(html).toContain('<label class="field" for="card-expiry">有效期</label>');
    expect(html).toContain('<button type="submit">支付 US$10.00</button>');
    expect(html).toContain('测试模式');
    expect(html).not.toContain('Card number');
    const declined = await submit(session, { card_number: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('您的银行卡被拒绝。');
  });

  it('follows Accept-Language for locale auto or none (English unless it names Chinese first)', async () => {
    const session = await openSession({ locale: 'auto' });
    const zh = await (await fetch(session.url!, { headers: { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' } })).text();
    expect(zh).toContain('<label class="field" for="email">电子邮件</label>');
    const en = await (await fetch(session.url!, { headers: { 'Accept-Language': 'de-DE,en;q=0.5' } })).text();
    expect(en).toContain('<label class="field" for="email">Email</label>');
    const english = await (await fetch((await openSession()).url!, { headers: { 'Accept-Language': 'zh-CN' } })).text();
    expect(english).toContain('<html lang="zh-CN">');
  });

  it.each(['1234', '12/34', '12 / 34', '12/2034'])('accepts the expiry "%s" as December 2034', async (expiry) => {
    const session = await openSession();
    const response = await submit(session, { card_expiry: expiry });
    expect(response.status).toBe(303);
    const paid = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    const charge = await t.stripe.charges.retrieve(
      (paid.payment_intent as Stripe.PaymentIntent).latest_charge as string,
    );
    expect(charge.payment_method_details?.card).toMatchObject({ exp_month: 12, exp_year: 2034 });
  });

  it('refuses "1334" (month 13) and "12" (no year)', async () => {
    const session = await openSession();
    expect((await submit(session, { card_expiry: '1334' })).status).toBe(402);
    expect((await submit(session, { card_expiry: '12' })).status).toBe(402);
  });

  it('offers a subscription for its price per month, by card only', async () => {
    const customer = await t.stripe.customers.create({ email: 'ada@example.com' });
    const product = await ensurePlanProduct(t.stripe, 'pro', 'Pro');
    const session = await t.stripe.checkout.sessions.create(planSessionParams(customer.id, product, 2900));
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain('<p class="amount">$29.00 per month</p>');
    expect(html).toContain('<button type="submit">Subscribe for $29.00</button>');
    expect(html).not.toContain('value="bank_transfer"');
    const response = await submit(session, { card_expiry: '1234' });
    expect(response.status).toBe(303);
    const paid = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid', customer: customer.id });
    expect(paid.subscription).toMatch(/^sub_/);
  });
});
