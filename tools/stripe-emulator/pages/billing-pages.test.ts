// The hosted invoice page, the charge receipt and the billing portal: what a person sees (en and zh) and what the portal's buttons do.
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorWithReceiver, packSessionParams, waitFor } from '../test-support';
import { ensurePlanProduct, subscribe } from '../test-support-plans';

const { t, receiver } = emulatorWithReceiver('per-test');

const page = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
};

/** The page's text without tags, whitespace collapsed: what a person reads. */
const visible = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

function postForm(url: string, fields: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

describe('the hosted invoice page', () => {
  it('is a receipt: number, dates, line with its period, amount, paid status, card', async () => {
    const { customer, subscription } = await subscribe(t);
    const invoice = await t.stripe.invoices.retrieve(subscription.latest_invoice as string);
    const { status, html } = await page(invoice.hosted_invoice_url!);
    expect(status).toBe(200);
    const text = visible(html);
    expect(text).toContain(`Invoice ${customer.invoice_prefix}-0001`);
    expect(text).toContain('Paid');
    expect(text).toContain('1 × Pro (at $29.00 / month)');
    const period = invoice.lines.data[0]!.period;
    const day = (s: number) =>
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(s * 1000);
    expect(text).toContain(`Service period: ${day(period.start)} – ${day(period.end)}`);
    expect(text).toContain('Amount paid $29.00');
    expect(text).toContain('visa ending in 4242');
    expect(text).toContain('ada@example.com');
  });

  it('shows an unpaid renewal as open, with why, and in Chinese for a customer who prefers zh', async () => {
    const { customer, subscription } = await subscribe(t, { card: '4000000000000341' });
    await t.stripe.customers.update(customer.id, { preferred_locales: ['zh'] });
    const renewed = await t.control<Stripe.Subscription>('POST', `/subscriptions/${subscription.id}/renew`, {});
    const invoice = await t.stripe.invoices.retrieve(renewed.body.latest_invoice as string);
    const zh = visible((await page(invoice.hosted_invoice_url!)).html);
    expect(zh).toContain(`发票 ${customer.invoice_prefix}-0002`);
    expect(zh).toContain('未付款');
    expect(zh).toContain('最近一次扣款失败');
    expect(zh).toContain('应付金额 US$29.00');
    const en = visible((await page(`${invoice.hosted_invoice_url}?locale=en`)).html);
    expect(en).toContain('This invoice is not paid yet');
  });

  it('answers 404 with a page for an unknown invoice or charge', async () => {
    expect(await page(`${t.emulator.url}/i/in_nope`)).toMatchObject({ status: 404 });
    const receipt = await page(`${t.emulator.url}/receipts/payment/ch_nope`, { 'Accept-Language': 'zh-CN' });
    expect(receipt.status).toBe(404);
    expect(receipt.html).toContain('找不到收据');
  });
});

describe('the charge receipt', () => {
  it('names the pack, amount, card and a refund once there is one', async () => {
    const session = await t.stripe.checkout.sessions.create(packSessionParams());
    await t.control('POST', `/checkout/sessions/${session.id}/pay`, { email: 'ada@example.com' });
    const paid = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    const charge = await t.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.receipt_url).toMatch(/\/receipts\/payment\/ch_/);
    const before = visible((await page(charge.receipt_url!)).html);
    expect(before).toContain('Receipt from Creditcast (test mode)');
    expect(before).toContain('1,000 credits × 1');
    expect(before).toContain('Amount paid $10.00');
    expect(before).not.toContain('Refunded');
    await t.stripe.refunds.create({ payment_intent: intent.id, amount: 400 });
    expect(visible((await page(charge.receipt_url!)).html)).toContain('Refunded $4.00');
  });

  it('of a subscription payment links its invoice', async () => {
    const { subscription } = await subscribe(t);
    const [payment] = (await t.stripe.invoicePayments.list({ invoice: subscription.latest_invoice as string })).data;
    const intent = await t.stripe.paymentIntents.retrieve(payment!.payment.payment_intent as string);
    const charge = await t.stripe.charges.retrieve(intent.latest_charge as string);
    const { html } = await page(charge.receipt_url!);
    expect(html).toContain(`href="${t.emulator.url}/i/${subscription.latest_invoice}"`);
  });
});

describe('the billing portal', () => {
  async function portalFor(customer: string, extra: Partial<Stripe.BillingPortal.SessionCreateParams> = {}) {
    const session = await t.stripe.billingPortal.sessions.create({
      customer,
      return_url: 'http://127.0.0.1:8787/en/account',
      ...extra,
    });
    expect(session).toMatchObject({
      object: 'billing_portal.session',
      customer,
      url: `${t.emulator.url}/p/session/${session.id}`,
    });
    return session;
  }

  it('shows the plan, price, renewal date, the other plans, past invoices and the way back', async () => {
    const { customer, subscription } = await subscribe(t);
    const studio = await ensurePlanProduct(t.stripe, 'studio', 'Studio');
    await t.stripe.prices.create({
      product: studio,
      currency: 'usd',
      unit_amount: 6900,
      recurring: { interval: 'month' },
    });
    const session = await portalFor(customer.id);
    const { html } = await page(session.url);
    const text = visible(html);
    const end = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      subscription.items.data[0]!.current_period_end * 1000,
    );
    expect(text).toContain('Current plan Pro');
    expect(text).toContain('Price $29.00 per month');
    expect(text).toContain(`Renews on ${end}`);
    expect(text).toContain('Cancel plan');
    expect(text).toContain('Switch to Studio');
    expect(text).toContain('$69.00 per month');
    expect(text).toContain(`${customer.invoice_prefix}-0001 $29.00 Paid`);
    expect(html).toContain(`href="${t.emulator.url}/i/${subscription.latest_invoice}"`);
    expect(html).toContain('<a class="back" href="http://127.0.0.1:8787/en/account">Return to Creditcast</a>');
  });

  it('cancel, resume and switch each change the subscription and send customer.subscription.updated', async () => {
    const { customer, subscription } = await subscribe(t);
    const studio = await ensurePlanProduct(t.stripe, 'studio', 'Studio');
    const studioPrice = await t.stripe.prices.create({
      product: studio,
      currency: 'usd',
      unit_amount: 6900,
      recurring: { interval: 'month' },
    });
    const session = await portalFor(customer.id);
    await waitFor(() => receiver.received.length >= 7);
    receiver.received.length = 0;

    const cancel = await postForm(`${session.url}/cancel`);
    expect(cancel.status).toBe(303);
    expect(cancel.headers.get('location')).toBe(`/p/session/${session.id}`);
    expect(await t.stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at_period_end: true });
    const cancelled = visible((await page(session.url)).html);
    expect(cancelled).toContain('Resume plan');
    expect(cancelled).toContain('then ends. You will not be charged again.');
    expect(cancelled).not.toContain('Switch to Studio');

    await postForm(`${session.url}/resume`);
    expect(await t.stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at_period_end: false });

    await postForm(`${session.url}/switch`, { price: studioPrice.id });
    const switched = await t.stripe.subscriptions.retrieve(subscription.id);
    expect(switched.items.data[0]!.price).toMatchObject({ id: studioPrice.id, product: studio });
    expect(visible((await page(session.url)).html)).toContain('Current plan Studio');

    await waitFor(() => receiver.received.length >= 3);
    expect(receiver.received.map((delivery) => delivery.event.type)).toEqual([
      'customer.subscription.updated',
      'customer.subscription.updated',
      'customer.subscription.updated',
    ]);
    expect(receiver.received.map((delivery) => delivery.event.data.previous_attributes)).toMatchObject([
      { cancel_at_period_end: false },
      { cancel_at_period_end: true },
      { items: { data: [{ price: { product: 'cc_plan_pro' } }] } },
    ]);
  });

  it('a configuration narrows the plans offered; the session’s locale zh makes it Chinese with a past-due banner', async () => {
    const { customer, subscription } = await subscribe(t, { card: '4000000000000341' });
    const studio = await ensurePlanProduct(t.stripe, 'studio', 'Studio');
    await ensurePlanProduct(t.stripe, 'max', 'Max');
    await t.stripe.prices.create({
      product: studio,
      currency: 'usd',
      unit_amount: 6900,
      recurring: { interval: 'month' },
    });
    await t.stripe.prices.create({
      product: 'cc_plan_max',
      currency: 'usd',
      unit_amount: 9900,
      recurring: { interval: 'month' },
    });
    const configuration = await t.stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [{ product: studio, prices: [] }],
        },
      },
    });
    await t.control('POST', `/subscriptions/${subscription.id}/renew`, {});
    const session = await portalFor(customer.id, { configuration: configuration.id, locale: 'zh' });
    const text = visible((await page(session.url)).html);
    expect(text).toContain('当前套餐 Pro');
    expect(text).toContain('逾期未付');
    expect(text).toContain('您最近一次付款失败');
    expect(text).toContain('更换为 Studio');
    expect(text).not.toContain('Max');
    expect(text).toContain('返回 Creditcast');
  });

  it('answers 404 for an unknown portal session and refuses an unknown customer', async () => {
    expect((await page(`${t.emulator.url}/p/session/bps_nope`)).status).toBe(404);
    await expect(t.stripe.billingPortal.sessions.create({ customer: 'cus_nope' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'resource_missing',
      param: 'customer',
    });
  });
});
