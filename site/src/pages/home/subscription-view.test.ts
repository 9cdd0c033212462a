// Specifies what the plans UI says: the subscription's phase and lines, the allowance apart from bought
// credits, the past-due banner, "Jan 3" dates in en and zh, and the plans dictionary's parity.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWords } from '../../lib/page-words';
import { translateSub } from './subscription-i18n';
import en from './subscription-i18n.en';
import zh from './subscription-i18n.zh';
import {
  allowanceLine,
  canSubscribe,
  formatShortDay,
  type LotLike,
  type PlanLike,
  pendingSwitch,
  type SubscriptionLike,
  showsPastDueBanner,
  splitCredits,
  statusLines,
  subscriptionPhase,
} from './subscription-view';

// The words are loaded per locale on demand (lib/page-words.ts); these tests read both.
beforeAll(() => loadWords('en', 'zh'));

const NOW = Date.parse('2026-12-02T08:00:00Z');
const END = '2027-01-03T08:00:00.000Z';
const sub = (over: Partial<SubscriptionLike> = {}): SubscriptionLike => ({
  planId: 'pro',
  status: 'active',
  currentPeriodEnd: END,
  cancelAtPeriodEnd: false,
  ...over,
});
const PRO: PlanLike = { id: 'pro', name: 'Pro', monthlyCredits: 7700, rollover: 0 };
const STUDIO: PlanLike = { id: 'studio', name: 'Max', monthlyCredits: 20000, rollover: 10000 };
const lot = (source: string, remaining: number, expiresAt: string | null = null): LotLike => ({
  source,
  remaining,
  expiresAt,
});

describe('subscription phase', () => {
  it('maps Stripe statuses to what the page offers', () => {
    expect(subscriptionPhase(null)).toBe('none');
    expect(subscriptionPhase(sub())).toBe('active');
    expect(subscriptionPhase(sub({ status: 'trialing' }))).toBe('active');
    expect(subscriptionPhase(sub({ cancelAtPeriodEnd: true }))).toBe('ending');
    expect(subscriptionPhase(sub({ status: 'past_due' }))).toBe('past_due');
    expect(subscriptionPhase(sub({ status: 'unpaid' }))).toBe('past_due');
    expect(subscriptionPhase(sub({ status: 'incomplete' }))).toBe('pending');
    expect(subscriptionPhase(sub({ status: 'paused' }))).toBe('paused');
    expect(subscriptionPhase(sub({ status: 'canceled' }))).toBe('none');
    expect(subscriptionPhase(sub({ status: 'incomplete_expired' }))).toBe('none');
  });

  it('offers Subscribe only without a live subscription, and the banner only when past due', () => {
    expect(canSubscribe(null)).toBe(true);
    expect(canSubscribe(sub({ status: 'canceled' }))).toBe(true);
    expect(canSubscribe(sub())).toBe(false);
    expect(canSubscribe(sub({ status: 'past_due' }))).toBe(false);
    expect(showsPastDueBanner(sub({ status: 'past_due' }))).toBe(true);
    expect(showsPastDueBanner(sub())).toBe(false);
    expect(showsPastDueBanner(sub({ cancelAtPeriodEnd: true }))).toBe(false);
    expect(showsPastDueBanner(null)).toBe(false);
  });

  it('says "renews on" while active, "ends on" once cancelled at period end, and why when past due', () => {
    expect(statusLines(sub())).toEqual({
      badge: 'sub_status_active',
      detail: { key: 'sub_renews', vars: { date: END } },
    });
    expect(statusLines(sub({ cancelAtPeriodEnd: true }))).toEqual({
      badge: 'sub_status_ending',
      detail: { key: 'sub_ends', vars: { date: END } },
    });
    expect(statusLines(sub({ status: 'past_due' }))).toEqual({
      badge: 'sub_status_past_due',
      detail: { key: 'sub_past_due', vars: {} },
    });
    expect(statusLines(sub({ currentPeriodEnd: null }))).toEqual({ badge: 'sub_status_active', detail: null });
    expect(statusLines(null)).toBeNull();
    expect(statusLines(sub({ status: 'canceled' }))).toBeNull();
  });
});

describe('credits split', () => {
  it('counts subscription lots as the allowance, packs as bought and grants apart', () => {
    const split = splitCredits(
      [lot('subscription', 7690, END), lot('purchase', 1000), lot('grant', 500, '2026-12-20T00:00:00Z')],
      NOW,
    );
    expect(split).toEqual({ allowance: 7690, allowanceEndsAt: END, bought: 1000, granted: 500 });
  });

  it('adds a rollover lot to the allowance and ends it at the latest period end', () => {
    const split = splitCredits([lot('subscription', 20000, END), lot('subscription', 4000, END)], NOW);
    expect(split.allowance).toBe(24000);
    const mixed = splitCredits([lot('subscription', 1, '2026-12-03T00:00:00Z'), lot('subscription', 2, END)], NOW);
    expect(mixed.allowanceEndsAt).toBe(END);
  });

  it('leaves out lots already past their expiry (not spendable even before the sweep) and empty ones', () => {
    const split = splitCredits(
      [
        lot('subscription', 7700, '2026-12-02T07:59:59Z'),
        lot('grant', 100, '2026-12-01T00:00:00Z'),
        lot('purchase', 0),
      ],
      NOW,
    );
    expect(split).toEqual({ allowance: 0, allowanceEndsAt: null, bought: 0, granted: 0 });
  });
});

describe('allowance line', () => {
  const split = splitCredits([lot('subscription', 7700, END), lot('purchase', 1000)], NOW);

  it('resets on the period end with no rollover, and names the cap with one', () => {
    expect(allowanceLine(split, sub(), PRO)).toEqual({ key: 'allowance_resets', vars: { credits: 7700, date: END } });
    expect(allowanceLine(split, sub({ planId: 'studio' }), STUDIO)).toEqual({
      key: 'allowance_rolls',
      vars: { credits: 7700, date: END, rollover: 10000 },
    });
  });

  it('expires when nothing will renew it: cancelled, past due, or no subscription', () => {
    for (const s of [sub({ cancelAtPeriodEnd: true }), sub({ status: 'past_due' }), null]) {
      expect(allowanceLine(split, s, PRO)?.key).toBe('allowance_expires');
    }
  });

  it('is absent without allowance', () => {
    expect(allowanceLine(splitCredits([lot('purchase', 1000)], NOW), sub(), PRO)).toBeNull();
  });

  it('reads as the product copy says, in en and zh', () => {
    const line = allowanceLine(split, sub(), PRO)!;
    const date = formatShortDay('en', END, NOW, 'UTC');
    expect(translateSub('en', line.key, { credits: 7700, date })).toBe('7,700 monthly credits, reset on Jan 3');
    expect(translateSub('zh', line.key, { credits: 7700, date: formatShortDay('zh', END, NOW, 'UTC') })).toBe(
      '7,700 月度积分，1月3日 清零',
    );
  });
});

describe('formatShortDay', () => {
  it('writes US English in en (month first, as every date on the site) and uses 月日 in zh', () => {
    expect(formatShortDay('en', '2026-12-09T12:00:00Z', NOW, 'UTC')).toBe('Dec 9');
    expect(formatShortDay('zh', '2026-12-09T12:00:00Z', NOW, 'UTC')).toBe('12月9日');
  });

  it('leaves the year implied for a date within half a year (next January seen in December), else adds it', () => {
    expect(formatShortDay('en', '2027-01-03T12:00:00Z', NOW, 'UTC')).toBe('Jan 3');
    expect(formatShortDay('en', '2028-01-03T12:00:00Z', NOW, 'UTC')).toBe('Jan 3, 2028');
    expect(formatShortDay('zh', '2028-01-03T12:00:00Z', NOW, 'UTC')).toBe('2028年1月3日');
    expect(formatShortDay('en', '2025-12-09T12:00:00Z', NOW, 'UTC')).toBe('Dec 9, 2025');
  });

  it('takes epoch seconds as Stripe sends them, and milliseconds', () => {
    const seconds = Date.parse('2026-12-25T00:00:00Z') / 1000;
    expect(formatShortDay('en', seconds, NOW, 'UTC')).toBe('Dec 25');
    expect(formatShortDay('en', seconds * 1000, NOW, 'UTC')).toBe('Dec 25');
  });

  it('follows the time zone it is given (the browser’s own by default)', () => {
    expect(formatShortDay('en', '2026-12-31T23:30:00Z', NOW, 'Asia/Shanghai')).toBe('Jan 1');
  });
});

describe('plans dictionary', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has the same keys and placeholders in zh as in en, and no empty string', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      expect(zh[key].trim(), key).not.toBe('');
    }
  });
});

describe('a plan switch says what happens', () => {
  it('names the next plan, when, and what the user keeps until then, in en and zh', () => {
    const switched = sub({ planId: 'studio', allowancePlanId: 'pro', pendingPlan: { planId: 'studio', at: END } });
    const change = pendingSwitch(switched, [PRO, STUDIO]);
    expect(change).toEqual({ next: STUDIO, at: END, current: PRO });
    const vars = (lang: 'en' | 'zh') => ({
      plan: translateSub(lang, 'plan_name_studio'),
      date: formatShortDay(lang, change!.at, NOW, 'UTC'),
      credits: change!.next.monthlyCredits,
      from: translateSub(lang, 'plan_name_pro'),
      fromCredits: change!.current.monthlyCredits,
    });
    expect(translateSub('en', 'sub_switch', vars('en'))).toBe(
      'Max from Jan 3 (20,000 a month); until then Pro’s 7,700.',
    );
    expect(translateSub('zh', 'sub_switch', vars('zh'))).toBe(
      '1月3日起改为旗舰版（每月 20,000）；在此之前仍为专业版的 7,700。',
    );
  });

  it('says nothing without a pending plan, or for a plan not on sale', () => {
    expect(pendingSwitch(sub({ allowancePlanId: 'pro', pendingPlan: null }), [PRO, STUDIO])).toBeNull();
    expect(pendingSwitch(sub(), [PRO, STUDIO])).toBeNull();
    const gone = sub({ planId: 'old', allowancePlanId: 'pro', pendingPlan: { planId: 'old', at: END } });
    expect(pendingSwitch(gone, [PRO, STUDIO])).toBeNull();
  });
});
