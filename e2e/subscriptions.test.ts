// Subscriptions in Chromium against the dev stack and the emulator: subscribe with 4242 and see the allowance
// arrive live; cancel at period end in the billing portal and see "Ends on …"; a renewal arriving live in an
// open tab resets the allowance while a bought pack stays; a failed renewal's banner and the plans at 390×844, in zh.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CARDS,
  countNavigations,
  futureExpiry,
  h1,
  h1History,
  hasText,
  header,
  liveReady,
  markDocument,
  me,
  screenshot,
  signUp,
  stillSameDocument,
  UI_TIMEOUT_MS,
  visible,
} from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';
import { appCall, payAndWait } from './support';

const en = COPY.en;
const PRO = 7_700;
const STARTER = 1_000;
const group = (n: number) => new Intl.NumberFormat('en').format(n);

/** The plans UI's words, written out (site/src/pages/home/subscription-i18n.ts; not imported, on purpose). */
const SUB = {
  en: {
    plansTitle: 'Monthly plans',
    subscribePro: 'Subscribe Pro',
    proCredits: '7,700 credits a month',
    proPrice: '$29.00 a month',
    proResets: 'Unused monthly credits reset at each renewal.',
    studioRollover: 'Up to 10,000 unused credits carry over to the next month.',
    yourPlan: 'Your plan: Pro',
    active: 'Active',
    cancelled: 'Cancelled',
    renews: (day: string) => `Renews on ${day}.`,
    ends: (day: string) => `Ends on ${day}. No further payments.`,
    manage: 'Manage subscription',
    allowanceResets: (n: number, day: string) => `${group(n)} monthly credits, reset on ${day}`,
    allowanceExpires: (n: number, day: string) => `${group(n)} monthly credits, expire on ${day}`,
    bought: (n: number) => `${group(n)} bought credits, never expire`,
    successCredited: (n: number) => `Your ${group(n)} monthly credits are here`,
    successWaiting: 'Subscribed — adding your monthly credits…',
  },
  zh: {
    plansTitle: '月度套餐',
    subscribePro: '订阅 专业版',
    pastDueBadge: '扣款失败',
    banner: '订阅扣款失败，下个月的积分暂停发放。',
    bannerLink: '前往账单门户更新付款方式',
    allowanceExpires: (n: number, day: string) => `${group(n)} 月度积分，${day} 过期`,
  },
} as const;

/** "Jan 3" / "1月3日" as the site writes a date within half a year, in this machine's time zone (Chromium's too). */
function day(iso: string, lang: 'en' | 'zh' = 'en'): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : 'zh', { day: 'numeric', month: 'short' }).format(
    new Date(iso),
  );
}

interface SubscriptionView {
  id: string;
  planId: string;
  status: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
}

describe('subscriptions', () => {
  const e2e = useHarness();

  /** A call to the app as `context`'s user (support.ts: the same-origin rule for writes, 2xx required). */
  const app = <T>(context: BrowserContext, method: 'GET' | 'POST', path: string, body?: unknown) =>
    appCall<T>(e2e, context, method, path, body);

  async function control(path: string, body: unknown = {}): Promise<unknown> {
    const response = await fetch(`${e2e.emulatorUrl}/_emulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator POST ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  }

  async function subscribeByApi(context: BrowserContext, planId = 'pro'): Promise<SubscriptionView> {
    const { sessionId } = await app<{ sessionId: string }>(context, 'POST', '/api/subscriptions/checkout', { planId });
    await payAndWait(e2e, context, sessionId);
    return waitForSubscription(context, (s) => s.status === 'active');
  }

  async function buyStarterByApi(context: BrowserContext): Promise<void> {
    const { sessionId } = await app<{ sessionId: string }>(context, 'POST', '/api/checkout', { packId: 'starter' });
    await payAndWait(e2e, context, sessionId);
  }

  /** Polls GET /api/subscription until `ready` holds (webhooks land asynchronously). */
  async function waitForSubscription(
    context: BrowserContext,
    ready: (s: SubscriptionView) => boolean,
  ): Promise<SubscriptionView> {
    let found: SubscriptionView | null = null;
    await expect
      .poll(
        async () => {
          found = (await app<{ subscription: SubscriptionView | null }>(context, 'GET', '/api/subscription'))
            .subscription;
          return found !== null && ready(found);
        },
        { timeout: UI_TIMEOUT_MS, interval: 250 },
      )
      .toBe(true);
    return found!;
  }

  const plansSection = (page: Page, lang: 'en' | 'zh' = 'en') =>
    page.getByRole('region', { name: SUB[lang].plansTitle, exact: true });
  const text = (page: Page, value: string) => page.getByText(value, { exact: true });

  it('subscribe with 4242: the success page says the monthly credits are here, and an open home tab shows them live', async () => {
    await e2e.emulator.configure({ delayMs: 0 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'sub');

    // Home lists the plans with what they grant and cost, each with Subscribe.
    const plans = plansSection(page);
    await visible(plans.getByRole('heading', { level: 3, name: 'Pro', exact: true }));
    await visible(plans.getByText(SUB.en.proCredits, { exact: true }));
    await visible(plans.getByText(SUB.en.proPrice, { exact: true }));
    await visible(plans.getByText(SUB.en.proResets, { exact: true }));
    await visible(plans.getByText(SUB.en.studioRollover, { exact: true }));

    // A second tab on home, live before paying.
    const otherTab = await context.newPage();
    await otherTab.goto('/en');
    await visible(h1(otherTab, en.homeTitle));
    await liveReady(otherTab);
    await markDocument(otherTab);
    const otherTabNavigations = countNavigations(otherTab);

    await plans.getByRole('button', { name: SUB.en.subscribePro, exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(`${e2e.emulatorUrl}/c/pay/cs_`));
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    // The user's one Stripe Customer: the hosted page shows its email, as Stripe does.
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe((await me(context)).email);
    await visible(page.getByText('$29.00 per month', { exact: true }));
    await page.getByLabel('Card number').fill(CARDS.pays);
    await page.getByLabel('Expiry').fill(futureExpiry());
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Subscribe for $29.00', exact: true }).click();
    await page.waitForURL(`${e2e.appUrl}/en/payment/success?session_id=${sessionId}`);

    await visible(h1(page, SUB.en.successCredited(PRO)));
    await hasText(header.balance(page), en.credits(PRO));
    // Never the pack's "+7,700 credits": the page knew from the start it was a plan.
    const seen = await h1History(page);
    expect(seen.at(-1)).toBe(SUB.en.successCredited(PRO));
    expect(seen.filter((h) => h !== SUB.en.successWaiting && h !== SUB.en.successCredited(PRO))).toEqual([]);

    // The other tab: the allowance arrived by push, apart from bought credits, with the plan's status.
    const subscription = await waitForSubscription(context, (s) => s.status === 'active');
    const renewal = day(subscription.currentPeriodEnd);
    await hasText(header.balance(otherTab), en.credits(PRO));
    await visible(text(otherTab, SUB.en.allowanceResets(PRO, renewal)));
    const otherPlans = plansSection(otherTab);
    await visible(otherPlans.getByRole('heading', { level: 3, name: `${SUB.en.yourPlan} ${SUB.en.active}` }));
    await visible(otherPlans.getByText(SUB.en.renews(renewal), { exact: true }));
    await visible(otherPlans.getByRole('button', { name: SUB.en.manage, exact: true }));
    expect(await otherPlans.getByRole('button', { name: SUB.en.subscribePro }).count()).toBe(0);
    expect(otherTabNavigations()).toBe(0);
    expect(await stillSameDocument(otherTab)).toBe(true);

    const lots = await app<{ lots: { source: string; remaining: number; expiresAt: string }[] }>(
      context,
      'GET',
      '/api/credits/lots',
    );
    expect(lots.lots).toEqual([expect.objectContaining({ source: 'subscription', remaining: PRO })]);
    expect((await me(context)).credits).toBe(PRO);
    await otherTab.bringToFront();
    await screenshot(otherTab, 'subscription-home.png');
  });

  it('the billing portal: cancel at period end, and back in the app the plan says when it ends', async () => {
    await e2e.emulator.configure({ delayMs: 0 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'sub-portal');
    const subscription = await subscribeByApi(context);
    const end = day(subscription.currentPeriodEnd);

    await page.goto('/en');
    const plans = plansSection(page);
    await visible(plans.getByText(SUB.en.renews(end), { exact: true }));
    await plans.getByRole('button', { name: SUB.en.manage, exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(e2e.emulatorUrl));

    // The emulator's portal page, as a person uses it: cancel, see the plan now offers Resume, go back.
    await visible(page.getByRole('heading', { level: 1, name: 'Billing', exact: true }));
    await page.getByRole('button', { name: 'Cancel plan', exact: true }).click();
    await visible(page.getByRole('button', { name: 'Resume plan', exact: true }));
    // Stripe's customer.subscription.updated reaches the Worker by webhook, not with the person.
    await waitForSubscription(context, (s) => s.cancelAtPeriodEnd);
    await page.getByRole('link', { name: 'Return to Creditcast', exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(e2e.appUrl));

    await visible(plans.getByRole('heading', { level: 3, name: `${SUB.en.yourPlan} ${SUB.en.cancelled}` }));
    await visible(plans.getByText(SUB.en.ends(end), { exact: true }));
    await visible(text(page, SUB.en.allowanceExpires(PRO, end)));
    expect(await plans.getByRole('button', { name: SUB.en.subscribePro }).count()).toBe(0);
  });

  it('a renewal arrives live in an open tab: the allowance resets to 7,700 while a bought pack stays', async () => {
    await e2e.emulator.configure({ delayMs: 0 });
    const context = await e2e.context();
    const page = await context.newPage();
    await signUp(page, 'sub-renew');
    await buyStarterByApi(context);
    const first = await subscribeByApi(context);

    await page.goto('/en');
    await liveReady(page);
    await hasText(header.balance(page), en.credits(PRO + STARTER));
    // Spending draws from the allowance first (it expires soonest): the bought pack is untouched.
    await page.getByRole('button', { name: 'Spend 10 credits', exact: true }).click();
    await page.getByRole('button', { name: 'Yes, spend 10 credits', exact: true }).click(); // the demo asks first
    await visible(text(page, SUB.en.allowanceResets(PRO - 10, day(first.currentPeriodEnd))));
    await visible(text(page, SUB.en.bought(STARTER)));
    await hasText(header.balance(page), en.credits(PRO + STARTER - 10));
    await markDocument(page);
    const navigations = countNavigations(page);

    // The period ends (the emulator's renew control, as a clock crossing it would).
    await control(`/subscriptions/${first.id}/renew`);
    const renewed = await waitForSubscription(context, (s) => s.currentPeriodEnd !== first.currentPeriodEnd);
    expect(Date.parse(renewed.currentPeriodEnd)).toBeGreaterThan(Date.parse(first.currentPeriodEnd));

    await hasText(header.balance(page), en.credits(PRO + STARTER));
    await visible(text(page, SUB.en.allowanceResets(PRO, day(renewed.currentPeriodEnd))));
    await visible(text(page, SUB.en.bought(STARTER)));
    await visible(plansSection(page).getByText(SUB.en.renews(day(renewed.currentPeriodEnd)), { exact: true }));
    expect(navigations()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);

    const { lots } = await app<{ lots: { source: string; remaining: number }[] }>(context, 'GET', '/api/credits/lots');
    expect(lots.map(({ source, remaining }) => ({ source, remaining }))).toEqual([
      { source: 'subscription', remaining: PRO },
      { source: 'purchase', remaining: STARTER },
    ]);
  });

  it('at 390×844 in zh: the plans fit the screen, and a failed renewal shows the banner linking to the portal', async () => {
    await e2e.emulator.configure({ delayMs: 0 });
    const context = await e2e.context('zh');
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signUp(page, 'sub-phone', 'zh');

    const subscribe = plansSection(page, 'zh').getByRole('button', { name: SUB.zh.subscribePro, exact: true });
    await subscribe.scrollIntoViewIfNeeded();
    await visible(subscribe);
    const fits = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    expect(await fits()).toBe(true);
    const box = await subscribe.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);

    const subscription = await subscribeByApi(context);
    await control(`/subscriptions/${subscription.id}/renew`, { fail: true });
    await waitForSubscription(context, (s) => s.status === 'past_due');

    await page.reload();
    await visible(text(page, SUB.zh.banner));
    const fix = page.getByRole('button', { name: SUB.zh.bannerLink, exact: true });
    await visible(fix);
    await visible(plansSection(page, 'zh').getByText(SUB.zh.pastDueBadge, { exact: true }));
    // Nothing will renew this period's allowance while the payment fails: it says when it expires.
    await visible(text(page, SUB.zh.allowanceExpires(PRO, day(subscription.currentPeriodEnd, 'zh'))));
    expect(await fits()).toBe(true);
    await screenshot(page, 'subscription-past-due-phone.png');
    // The balance still holds this period's allowance: a failed renewal grants and takes nothing.
    expect((await me(context)).credits).toBe(PRO);

    await fix.click();
    await page.waitForURL((url) => url.href.startsWith(e2e.emulatorUrl));
  });
});
