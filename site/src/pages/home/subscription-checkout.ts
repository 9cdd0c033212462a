// Remembers which Checkout Sessions this tab opened for a plan, so the success page Stripe returns to can
// say "Your 7,700 monthly credits are here" instead of a pack's "+7,700 credits" (the status answer has one shape for both).
import type { KeyStorage } from '../../lib/pending-key';

const SLOT = 'creditcast.subscription-checkouts';
/** Only the newest few are kept: a tab never needs more than the one it is coming back from. */
const KEEP = 5;

interface Remembered {
  sessionId: string;
  planId: string;
}

/** sessionStorage (it survives the round trip through Stripe in the same tab), or undefined where it throws. */
function browserStorage(): KeyStorage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

function read(storage: KeyStorage | undefined): Remembered[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SLOT) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter(
          (r): r is Remembered =>
            typeof r?.sessionId === 'string' && typeof r?.planId === 'string' && r.sessionId !== '',
        )
      : [];
  } catch {
    return []; // unreadable (privacy mode, hand-edited): the page then uses the pack wording, nothing worse
  }
}

/** Call with the `sessionId` `POST /api/subscriptions/checkout` answered, before leaving for Stripe. */
export function rememberSubscriptionCheckout(
  sessionId: string,
  planId: string,
  storage: KeyStorage | undefined = browserStorage(),
): void {
  const kept = read(storage).filter((r) => r.sessionId !== sessionId);
  kept.push({ sessionId, planId });
  try {
    storage?.setItem(SLOT, JSON.stringify(kept.slice(-KEEP)));
  } catch {
    // quota or privacy mode: the wording falls back to the pack's
  }
}

/** The plan a Checkout Session was opened for in this tab, or undefined (a pack, or another tab/device). */
export function subscriptionCheckoutPlan(
  sessionId: string | undefined,
  storage: KeyStorage | undefined = browserStorage(),
): string | undefined {
  if (!sessionId) return undefined;
  return read(storage).find((r) => r.sessionId === sessionId)?.planId;
}
