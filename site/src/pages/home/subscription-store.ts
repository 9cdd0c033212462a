// The signed-in user's subscription as one shared signal (the header's past-due banner and the home page's
// plans read it): replaced by every pushed `subscription` message, and asked for on every (re)connect and
// balance change, when the tab comes back into view and on a return from Stripe.
import { createEffect, createRoot, createSignal, on, onCleanup } from 'solid-js';
import { balance, lastChange, onReconnect, onSubscriptionUpdate } from '../../lib/live-balance';
import { user } from '../../lib/session';
import type { SubscriptionLike } from './subscription-view';

/** Where the store asks: `GET /api/subscription`'s `subscription` (null: none). */
export type FetchSubscription = () => Promise<SubscriptionLike | null>;

/** undefined until the first answer (and after sign-out); null when the user has no subscription. */
const [subscription, setSubscription] = createSignal<SubscriptionLike | null | undefined>(undefined);
export { subscription };

let latest = 0;
let inFlight: Promise<void> | undefined;
let again = false;

/**
 * Asks once; a call while a request is in flight asks once more after it (the first answer may predate
 * what triggered the call), so any number of triggers costs at most two requests. A failed answer keeps
 * what is shown: the next trigger asks again.
 */
export function refreshSubscription(fetchSubscription: FetchSubscription): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  const id = ++latest;
  inFlight = fetchSubscription()
    .then((fresh) => {
      if (id === latest) setSubscription(fresh);
    })
    .catch(() => undefined)
    .finally(() => {
      inFlight = undefined;
      if (again) {
        again = false;
        void refreshSubscription(fetchSubscription);
      }
    });
  return inFlight;
}

/**
 * Shows a pushed subscription: the stored state, read by the server after the change. An answer asked
 * before it arrived may be older, so it is dropped; the next push or trigger brings anything newer.
 */
export function showPushedSubscription(pushed: SubscriptionLike | null): void {
  latest++;
  setSubscription(pushed);
}

/** Forgets the subscription (sign-out): a late answer for the old user is dropped too. */
export function clearSubscription(): void {
  latest++;
  setSubscription(undefined);
}

/** After a `subscription` grant is pushed: when to ask again for the subscription's own state. */
const SETTLE_RETRIES_MS = [2_000, 5_000];

let trackers = 0;
let untrack: (() => void) | undefined;

/**
 * Call inside a component that shows the subscription (the header's banner, the plans section): asks now,
 * then keeps it current while at least one such component is mounted (the triggers are installed once, in
 * their own root, however many components track). Status changes without a ledger change (a failed
 * renewal, a cancellation in the portal) arrive as pushed `subscription` messages; a socket that was down
 * may have missed one, so it also asks on every (re)connect, when the tab is shown again and when it is
 * restored from the back/forward cache (the way back from the portal).
 */
export function trackSubscription(fetchSubscription: FetchSubscription): void {
  if (user()) void refreshSubscription(fetchSubscription);
  if (trackers++ === 0) untrack = createRoot((dispose) => install(fetchSubscription, dispose));
  onCleanup(() => {
    if (--trackers > 0) return;
    untrack?.();
    // Nothing shows it any more (signed out: the header's banner went too): the next user must not
    // see this one's subscription while their own first answer is on its way.
    clearSubscription();
  });
}

function install(fetchSubscription: FetchSubscription, dispose: () => void): () => void {
  const refresh = () => void refreshSubscription(fetchSubscription);
  createEffect(
    on(
      user,
      (who) => {
        if (who) refresh();
        else if (who === null) clearSubscription();
      },
      { defer: true },
    ),
  );
  createEffect(on(balance, () => user() && refresh(), { defer: true }));
  const offPush = onSubscriptionUpdate((pushed) => user() && showPushedSubscription(pushed));
  const offReconnect = onReconnect(() => user() && refresh());
  // An allowance can land before the subscription's own events (Stripe sends them in any order), and a
  // subscription the success page settled itself is not pushed: after a `subscription` grant, ask twice
  // more while they catch up.
  const timers = new Set<ReturnType<typeof setTimeout>>();
  createEffect(
    on(
      lastChange,
      (change) => {
        if (change?.kind !== 'subscription') return;
        for (const ms of SETTLE_RETRIES_MS) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (user()) refresh();
          }, ms);
          timers.add(timer);
        }
      },
      { defer: true },
    ),
  );
  const onVisible = () => document.visibilityState === 'visible' && user() && refresh();
  const onPageShow = (event: PageTransitionEvent) => event.persisted && user() && refresh();
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('pageshow', onPageShow);
  return () => {
    offPush();
    offReconnect();
    for (const timer of timers) clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('pageshow', onPageShow);
    dispose();
  };
}
