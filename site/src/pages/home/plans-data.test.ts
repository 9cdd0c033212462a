// Specifies the plans section's actions and the shared subscription store: Subscribe sends the locale and a
// key kept across a reload, remembers the session for the success page and follows the Checkout URL; the
// portal button follows the portal URL; refusals in the plans' words; refreshes coalesce (client faked).
import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlanOffer, PlansClient } from './plans-data';
import type { SubscriptionLike } from './subscription-view';

// Solid's browser build: the node project resolves solid-js to its server build, where effects never run,
// and the store's triggers are effects.
vi.mock('solid-js', () => import('solid-js/dist/solid.js' as string));
const live = vi.hoisted(() => ({
  setLastChange: (_change: { kind: string } | null) => {},
  setBalance: (_credits: number) => {},
}));
vi.mock('../../lib/live-balance', async () => {
  const { createSignal } = await import('solid-js');
  const [lastChange, setLastChange] = createSignal<{ kind: string } | null>(null);
  const [balance, setBalance] = createSignal(0);
  Object.assign(live, { setLastChange, setBalance });
  // Pushed subscriptions and reconnects: subscription-store.test.ts drives them.
  return { balance, lastChange, onSubscriptionUpdate: () => () => {}, onReconnect: () => () => {} };
});
vi.mock('../../lib/session', () => ({ user: () => ({ id: 'u1' }) }));

const PRO: PlanOffer = { id: 'pro', name: 'Pro', monthlyCredits: 7700, rollover: 0, amount: 2900, currency: 'usd' };
const ACTIVE: SubscriptionLike = {
  planId: 'pro',
  status: 'active',
  currentPeriodEnd: '2027-01-03T00:00:00Z',
  cancelAtPeriodEnd: false,
};

/** Made from the current module graph (each page load resets it), so `instanceof` holds in the code under test. */
async function apiError(status: number, code: string, message: string) {
  const { ApiError } = await import('../../lib/api');
  // As the layout does before any page renders: the error sentences are a per-locale words set.
  await (await import('../../lib/page-words')).loadWords('en');
  return new ApiError(status, code, message);
}

let store: Map<string, string>;
beforeEach(() => {
  store = new Map();
  vi.stubGlobal('sessionStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
  vi.stubGlobal('window', { addEventListener: vi.fn(), removeEventListener: vi.fn() });
  vi.stubGlobal('document', { addEventListener: vi.fn(), removeEventListener: vi.fn(), visibilityState: 'visible' });
  vi.stubGlobal('location', { assign: vi.fn() });
});
afterEach(() => vi.unstubAllGlobals());

function fakeClient(over: Partial<PlansClient> = {}): PlansClient & { subscribeCalls: unknown[][] } {
  const subscribeCalls: unknown[][] = [];
  return {
    subscribeCalls,
    plans: async () => [PRO],
    lots: async () => [],
    subscription: async () => null,
    portal: async () => ({ url: 'http://emulator/p/bps_1' }),
    ...over,
    subscribe: async (...args) => {
      subscribeCalls.push(args);
      if (over.subscribe) return over.subscribe(...args);
      return { sessionId: 'cs_sub_1', url: 'http://emulator/c/pay/cs_sub_1' };
    },
  };
}

/** A page load: fresh modules (nothing in memory survives), the same sessionStorage. */
async function loadPage(client: PlansClient) {
  vi.resetModules();
  const { createPlansData } = await import('./plans-data');
  return createRoot(() => createPlansData(client, () => 'zh'));
}

describe('plans actions', () => {
  it('subscribes with the locale and a key, remembers the session for the success page, and goes to Checkout', async () => {
    const client = fakeClient();
    const data = await loadPage(client);
    await data.subscribe('pro');
    const [planId, options] = client.subscribeCalls[0] as [string, { locale: string; idempotencyKey: string }];
    expect(planId).toBe('pro');
    expect(options.locale).toBe('zh');
    expect(options.idempotencyKey).toMatch(/.{8,}/);
    expect(location.assign).toHaveBeenCalledWith('http://emulator/c/pay/cs_sub_1');
    expect(data.leaving()).toBe('pro');
    const { subscriptionCheckoutPlan } = await import('./subscription-checkout');
    expect(subscriptionCheckoutPlan('cs_sub_1')).toBe('pro');
    await data.subscribe('pro'); // a second click while leaving opens nothing
    expect(client.subscribeCalls).toHaveLength(1);
  });

  it('retries a subscribe whose answer was lost with the same key after a reload, and a new one after success', async () => {
    let fail = true;
    const client = fakeClient({
      subscribe: async () => {
        if (fail) throw await apiError(502, 'stripe_error', 'Stripe returned no checkout URL.');
        return { sessionId: 'cs_sub_2', url: 'http://emulator/c/pay/cs_sub_2' };
      },
    });
    const first = await loadPage(client);
    await first.subscribe('pro');
    // The sentence is the site's own, by code (lib/error-messages.ts), never the server's English.
    expect(first.actionError()).toEqual({
      text: 'The payment service did not answer. You were not charged; try again in a moment.',
    });
    expect(first.leaving()).toBeUndefined();
    fail = false;
    await (await loadPage(client)).subscribe('pro');
    await (await loadPage(client)).subscribe('pro');
    const keys = client.subscribeCalls.map((c) => (c[1] as { idempotencyKey: string }).idempotencyKey);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('on 409 already_subscribed says so in its own words and fetches the subscription another tab made', async () => {
    const client = fakeClient({
      subscribe: async () => {
        throw await apiError(409, 'already_subscribed', 'You already have a subscription.');
      },
      subscription: async () => ACTIVE,
    });
    const data = await loadPage(client);
    await data.subscribe('pro');
    expect(data.actionError()).toEqual({ key: 'sub_err_already' });
    const { subscription } = await import('./subscription-store');
    await vi.waitFor(() => expect(subscription()).toEqual(ACTIVE));
    expect(location.assign).not.toHaveBeenCalled();
  });

  /** A client whose billing portal call fails as the API would. */
  const portalRefusing = (status: number, code: string, message: string) =>
    fakeClient({
      portal: async () => {
        throw await apiError(status, code, message);
      },
    });

  it('opens the billing portal, and says why not for a user without a customer or offline', async () => {
    const ok = await loadPage(fakeClient());
    await ok.openPortal();
    expect(location.assign).toHaveBeenCalledWith('http://emulator/p/bps_1');
    expect(ok.leaving()).toBe('portal');

    const none = await loadPage(portalRefusing(404, 'no_customer', 'No customer.'));
    await none.openPortal();
    expect(none.actionError()).toEqual({ key: 'sub_err_no_customer' });
    expect(none.leaving()).toBeUndefined();

    const offline = await loadPage(portalRefusing(0, 'network_error', 'Failed to fetch'));
    await offline.openPortal();
    expect(offline.actionError()).toEqual({ key: 'error_network' });
  });

  it('loads the plans and the lots', async () => {
    const data = await loadPage(
      fakeClient({ lots: async () => [{ source: 'subscription', remaining: 7700, expiresAt: null }] }),
    );
    await vi.waitFor(() => expect(data.plans()).toEqual([PRO]));
    await vi.waitFor(() => expect(data.lots()).toHaveLength(1));
  });
});

describe('subscription store', () => {
  it('coalesces triggers while a request is in flight into one more request, and shows the newest answer', async () => {
    vi.resetModules();
    const { refreshSubscription, subscription } = await import('./subscription-store');
    const answers = [ACTIVE, { ...ACTIVE, status: 'past_due' }];
    let calls = 0;
    const fetchSub = async () => answers[Math.min(calls++, 1)] ?? null;
    await Promise.all([1, 2, 3, 4, 5].map(() => refreshSubscription(fetchSub)));
    await vi.waitFor(() => expect(subscription()?.status).toBe('past_due'));
    expect(calls).toBe(2);
  });

  it('keeps what it shows when a refresh fails, and drops a late answer after sign-out', async () => {
    vi.resetModules();
    const { refreshSubscription, clearSubscription, subscription } = await import('./subscription-store');
    await refreshSubscription(async () => ACTIVE);
    await refreshSubscription(async () => {
      throw await apiError(0, 'network_error', 'down');
    });
    expect(subscription()).toEqual(ACTIVE);
    let release!: (s: SubscriptionLike) => void;
    const late = refreshSubscription(() => new Promise((resolve) => (release = resolve)));
    clearSubscription();
    release(ACTIVE);
    await late;
    expect(subscription()).toBeUndefined();
  });

  it('installs its triggers once for any number of tracking components, and removes them and forgets with the last', async () => {
    vi.resetModules();
    const { trackSubscription, subscription } = await import('./subscription-store');
    let calls = 0;
    const fetchSub = async () => {
      calls++;
      return ACTIVE;
    };
    const disposers = [1, 2, 3].map(() =>
      createRoot((dispose) => {
        trackSubscription(fetchSub);
        return dispose;
      }),
    );
    await vi.waitFor(() => expect(subscription()).toEqual(ACTIVE));
    expect(calls).toBeLessThanOrEqual(2); // three mounts at once: one request, and one more after it
    const added = vi.mocked(document.addEventListener).mock.calls.filter(([type]) => type === 'visibilitychange');
    expect(added).toHaveLength(1);
    const onVisible = added[0]![1] as () => void;
    onVisible(); // the tab comes back into view: ask again
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
    disposers[0]!();
    disposers[1]!();
    expect(document.removeEventListener).not.toHaveBeenCalled();
    expect(subscription()).toEqual(ACTIVE); // still shown by the third
    disposers[2]!();
    expect(document.removeEventListener).toHaveBeenCalledWith('visibilitychange', onVisible);
    expect(subscription()).toBeUndefined(); // the last one gone (sign-out): forgotten
  });

  it('asks again on every balance change, and after a pushed subscription grant at 2 s and 5 s (the subscription events may trail it)', async () => {
    vi.resetModules();
    const { trackSubscription } = await import('./subscription-store');
    let calls = 0;
    const dispose = createRoot((dispose) => {
      trackSubscription(async () => {
        calls++;
        return ACTIVE;
      });
      return dispose;
    });
    await vi.waitFor(() => expect(calls).toBe(1));
    live.setBalance(7700); // any accepted balance change: ask again
    await vi.waitFor(() => expect(calls).toBe(2));
    calls = 1;
    vi.useFakeTimers();
    try {
      live.setLastChange({ kind: 'spend' });
      await vi.advanceTimersByTimeAsync(6_000);
      expect(calls).toBe(1);
      live.setLastChange({ kind: 'subscription' });
      await vi.advanceTimersByTimeAsync(1_999);
      expect(calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(calls).toBe(3);
      live.setLastChange({ kind: 'subscription' });
      dispose(); // unmounted: the pending retries are dropped
      await vi.advanceTimersByTimeAsync(6_000);
      expect(calls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
