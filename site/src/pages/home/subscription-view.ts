// What the plans UI says about a subscription and the credits it granted: phase, status and renewal lines,
// the allowance split from bought credits, and "Jan 3" dates per locale. Pure, no I/O.
import type { Locale } from '../../lib/i18n';
import type { SubscriptionKey } from './subscription-i18n';
import { type SubscriptionLike, type SubscriptionPhase, subscriptionPhase } from './subscription-phase';

export type { SubscriptionLike };

/** The fields of a `GET /api/plans` plan this module reads. */
export interface PlanLike {
  id: string;
  name: string;
  monthlyCredits: number;
  rollover: number;
}

/** The fields of a `GET /api/credits/lots` lot this module reads. */
export interface LotLike {
  source: string;
  remaining: number;
  expiresAt: string | null;
}

// The phase (and what it allows) lives in subscription-phase.ts, which every signed-in page loads for the
// header's past-due check; re-exported here for the plans UI.
export { canSubscribe, type SubscriptionPhase, showsPastDueBanner, subscriptionPhase } from './subscription-phase';

const STATUS_KEYS: Record<Exclude<SubscriptionPhase, 'none'>, SubscriptionKey> = {
  active: 'sub_status_active',
  ending: 'sub_status_ending',
  past_due: 'sub_status_past_due',
  pending: 'sub_status_pending',
  paused: 'sub_status_paused',
};

export interface Line {
  key: SubscriptionKey;
  /** Placeholder values; `date` is a timestamp for `formatShortDay`, not yet formatted. */
  vars: { credits?: number; rollover?: number; date?: string | number };
}

/** The badge ("Active", "Cancelled", …) and the sentence under the plan name; null without a subscription. */
export function statusLines(sub: SubscriptionLike | null): { badge: SubscriptionKey; detail: Line | null } | null {
  const phase = subscriptionPhase(sub);
  if (phase === 'none' || !sub) return null;
  const end = sub.currentPeriodEnd ?? undefined;
  const dated = (key: SubscriptionKey): Line | null => (end === undefined ? null : { key, vars: { date: end } });
  const detail =
    phase === 'active'
      ? dated('sub_renews')
      : phase === 'ending'
        ? dated('sub_ends')
        : phase === 'past_due'
          ? { key: 'sub_past_due' as const, vars: {} }
          : phase === 'pending'
            ? { key: 'sub_pending' as const, vars: {} }
            : null;
  return { badge: STATUS_KEYS[phase], detail };
}

export interface CreditsSplit {
  /** Unexpired credits of `subscription` lots: this period's allowance (and any rollover). */
  allowance: number;
  /** When the allowance ends: the latest expiry among those lots (the period end); null if none. */
  allowanceEndsAt: string | null;
  /** Credits of `purchase` lots (packs): they never expire. */
  bought: number;
  /** Everything else (`grant` lots from operators or promotions). */
  granted: number;
}

const time = (iso: string) => new Date(iso).getTime();

/**
 * Splits the lots the Worker lists into the monthly allowance and the rest. A lot already past its
 * `expiresAt` is no longer spendable even before the sweep writes its `expire` entry (API.md), so it
 * counts nowhere.
 */
export function splitCredits(lots: readonly LotLike[], now: number): CreditsSplit {
  const split: CreditsSplit = { allowance: 0, allowanceEndsAt: null, bought: 0, granted: 0 };
  for (const lot of lots) {
    if (lot.remaining <= 0) continue;
    if (lot.expiresAt !== null && time(lot.expiresAt) <= now) continue;
    if (lot.source === 'subscription') {
      split.allowance += lot.remaining;
      if (lot.expiresAt && (!split.allowanceEndsAt || time(lot.expiresAt) > time(split.allowanceEndsAt))) {
        split.allowanceEndsAt = lot.expiresAt;
      }
    } else if (lot.source === 'purchase') {
      split.bought += lot.remaining;
    } else {
      split.granted += lot.remaining;
    }
  }
  return split;
}

/**
 * The allowance sentence: "7,700 monthly credits, reset on Jan 3" while the plan renews with no
 * rollover; "… renewed on Jan 3 (up to 10,000 carry over)" with a rollover; "… expire on Jan 3"
 * when nothing will renew them (cancelled, past due, or no subscription left). Null: no allowance.
 */
export function allowanceLine(
  split: CreditsSplit,
  sub: SubscriptionLike | null,
  plan: PlanLike | undefined,
): Line | null {
  if (split.allowance <= 0 || !split.allowanceEndsAt) return null;
  const vars = { credits: split.allowance, date: split.allowanceEndsAt };
  if (subscriptionPhase(sub) !== 'active') return { key: 'allowance_expires', vars };
  if (plan && plan.rollover > 0) return { key: 'allowance_rolls', vars: { ...vars, rollover: plan.rollover } };
  return { key: 'allowance_resets', vars };
}

const HALF_YEAR_MS = 183 * 24 * 3600 * 1000;

/**
 * "Jan 3" / "1月3日": renewal dates are weeks away, so the year is implied (Jan 3 seen in December
 * is next January); it is added only for a date more than half a year off ("Jan 3, 2028" / "2028年1月3日").
 */
export function formatShortDay(lang: Locale, value: string | number, now: number, timeZone?: string): string {
  const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const withYear = Math.abs(date.getTime() - now) > HALF_YEAR_MS;
  // US English, like every other date on the site (lib/i18n.ts): "Jan 3", "Jan 3, 2028".
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-US' : lang, {
    day: 'numeric',
    month: 'short',
    year: withYear ? 'numeric' : undefined,
    timeZone,
  }).format(date);
}

/** The fields of `GET /api/subscription`'s answer a pending switch reads. */
export interface SwitchLike {
  allowancePlanId?: string | null;
  pendingPlan?: { planId: string; at: string | null } | null;
}

/**
 * After a plan switch (it takes effect at the next renewal): the plan whose credits arrive then and when,
 * and the plan whose allowance the user keeps until then, for "Max from Jan 3 (20,000 a month); until
 * then Pro's 7,700". Null when nothing is switching or either plan is not on sale (no numbers to state).
 */
export function pendingSwitch(
  sub: SwitchLike | null,
  plans: readonly PlanLike[] | undefined,
): { next: PlanLike; at: string; current: PlanLike } | null {
  const pending = sub?.pendingPlan;
  if (!pending?.at || !sub?.allowancePlanId) return null;
  const next = plans?.find((p) => p.id === pending.planId);
  const current = plans?.find((p) => p.id === sub.allowancePlanId);
  return next && current ? { next, at: pending.at, current } : null;
}

/** The plan's name in the current language (by id), or the server's name for a plan the site has no words for. */
export function planNameKey(planId: string): SubscriptionKey | undefined {
  if (planId === 'pro') return 'plan_name_pro';
  if (planId === 'studio') return 'plan_name_studio';
  return undefined;
}
