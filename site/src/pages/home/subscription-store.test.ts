// Specifies how the shared subscription store takes a pushed `subscription` message: shown at once (the
// past-due banner appears with no reload and no request), never overwritten by an answer asked before
// it, ignored when signed out; and a socket (re)connect asks again, in case a push was missed.
import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionLike } from './subscription-view';

// Solid's browser build: the node project resolves solid-js to its server build, where effects never run.
vi.mock('solid-js', () => import('solid-js/dist/solid.js' as string));
const live = vi.hoisted(() => ({
  push: new Set<(sub: SubscriptionLike | null) => void>(),
  reconnect: new Set<() => void>(),
  signedIn: true,
}));
vi.mock('../../lib/live-balance', async () => {
  const { createSignal } = await import('solid-js');
  const hook =
    <T>(set: Set<T>) =>
    (listener: T) => {
      set.add(listener);
      return () => set.delete(listener);
    };
  return {
    balance: createSignal(0)[0],
    lastChange: createSignal(null)[0],
    onSubscriptionUpdate: hook(live.push),
    onReconnect: hook(live.reconnect),
  };
});
vi.mock('../../lib/session', () => ({ user: () => (live.signedIn ? { id: 'u1' } : null) }));

const ACTIVE: SubscriptionLike = {
  planId: 'pro',
  status: 'active',
  currentPeriodEnd: '2027-01-03T00:00:00Z',
  cancelAtPeriodEnd: false,
};
const PAST_DUE = { id: 'sub_1', ...ACTIVE, status: 'past_due', currentPeriodEnd: '2027-02-03T00:00:00.000Z' };

const pushSubscription = (sub: SubscriptionLike | null) => {
  for (const listener of [...live.push]) listener(sub);
};

beforeEach(() => {
  live.signedIn = true;
  vi.stubGlobal('window', { addEventListener: vi.fn(), removeEventListener: vi.fn() });
  vi.stubGlobal('document', { addEventListener: vi.fn(), removeEventListener: vi.fn(), visibilityState: 'visible' });
});
afterEach(() => vi.unstubAllGlobals());

/** Fresh modules and one tracking component (the header's banner); returns the store and its unmount. */
async function tracked(fetchSubscription: () => Promise<SubscriptionLike | null>) {
  vi.resetModules();
  const store = await import('./subscription-store');
  const view = await import('./subscription-view');
  const dispose = createRoot((dispose) => {
    store.trackSubscription(fetchSubscription);
    return dispose;
  });
  return { ...store, ...view, dispose };
}

describe('pushed subscription messages', () => {
  it('a pushed past_due shows at once: the banner condition holds with no request and no reload', async () => {
    let calls = 0;
    const s = await tracked(async () => {
      calls++;
      return ACTIVE;
    });
    await vi.waitFor(() => expect(s.subscription()).toEqual(ACTIVE));
    expect(s.showsPastDueBanner(s.subscription() ?? null)).toBe(false);
    pushSubscription(PAST_DUE);
    expect(s.subscription()).toEqual(PAST_DUE);
    expect(s.showsPastDueBanner(s.subscription() ?? null)).toBe(true);
    expect(s.statusLines(s.subscription() ?? null)?.badge).toBe('sub_status_past_due');
    expect(calls).toBe(1);
    pushSubscription(null); // canceled and gone: the plans offer Subscribe again
    expect(s.canSubscribe(s.subscription() ?? null)).toBe(true);
    s.dispose();
    expect(live.push.size).toBe(0); // unmounted: no longer listening
  });

  it('an answer asked before the push never overwrites it', async () => {
    vi.resetModules();
    const { refreshSubscription, showPushedSubscription, subscription } = await import('./subscription-store');
    let release!: (sub: SubscriptionLike) => void;
    const late = refreshSubscription(() => new Promise((resolve) => (release = resolve)));
    showPushedSubscription(PAST_DUE);
    release(ACTIVE); // read before the failed renewal was stored
    await late;
    expect(subscription()).toEqual(PAST_DUE);
  });

  it('is ignored when signed out, and a (re)connect asks again', async () => {
    let calls = 0;
    const s = await tracked(async () => {
      calls++;
      return ACTIVE;
    });
    await vi.waitFor(() => expect(calls).toBe(1));
    for (const hook of [...live.reconnect]) hook();
    await vi.waitFor(() => expect(calls).toBe(2));
    live.signedIn = false;
    pushSubscription(PAST_DUE);
    expect(s.subscription()).toEqual(ACTIVE);
    s.dispose();
  });
});
