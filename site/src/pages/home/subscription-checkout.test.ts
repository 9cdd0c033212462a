// Specifies the memory of subscription Checkout Sessions the success page reads: found again by session id,
// bounded, and harmless when storage is missing, full or holds garbage; and the words it gives that page.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadWords, switchLocale } from '../../lib/page-words';
import type { KeyStorage } from '../../lib/pending-key';
import { rememberSubscriptionCheckout, subscriptionCheckoutPlan } from './subscription-checkout';
import { subscriptionSuccessWords } from './subscription-success';

// The words are loaded per locale on demand (lib/page-words.ts); these tests read both.
beforeAll(() => loadWords('en', 'zh'));

function memoryStorage(): KeyStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('subscription checkouts', () => {
  it('finds the plan of a session this tab opened, and nothing for other sessions', () => {
    const storage = memoryStorage();
    rememberSubscriptionCheckout('cs_sub_1', 'pro', storage);
    expect(subscriptionCheckoutPlan('cs_sub_1', storage)).toBe('pro');
    expect(subscriptionCheckoutPlan('cs_pack_1', storage)).toBeUndefined();
    expect(subscriptionCheckoutPlan(undefined, storage)).toBeUndefined();
  });

  it('keeps only the newest five, and a repeated session once with its latest plan', () => {
    const storage = memoryStorage();
    for (let i = 1; i <= 7; i++) rememberSubscriptionCheckout(`cs_${i}`, 'pro', storage);
    rememberSubscriptionCheckout('cs_7', 'studio', storage);
    expect(subscriptionCheckoutPlan('cs_1', storage)).toBeUndefined();
    expect(subscriptionCheckoutPlan('cs_2', storage)).toBeUndefined();
    expect(subscriptionCheckoutPlan('cs_3', storage)).toBe('pro');
    expect(subscriptionCheckoutPlan('cs_7', storage)).toBe('studio');
    expect(JSON.parse(storage.data.values().next().value ?? '[]')).toHaveLength(5);
  });

  it('survives garbage, a throwing storage and no storage at all', () => {
    const storage = memoryStorage();
    storage.data.set('creditcast.subscription-checkouts', '{not json');
    expect(subscriptionCheckoutPlan('cs_1', storage)).toBeUndefined();
    rememberSubscriptionCheckout('cs_1', 'pro', storage);
    expect(subscriptionCheckoutPlan('cs_1', storage)).toBe('pro');

    const full: KeyStorage = {
      getItem: () => '[{"sessionId":"cs_9","planId":"pro"},{"sessionId":7}]',
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => rememberSubscriptionCheckout('cs_1', 'pro', full)).not.toThrow();
    expect(subscriptionCheckoutPlan('cs_9', full)).toBe('pro');
    expect(() => rememberSubscriptionCheckout('cs_1', 'pro', undefined)).not.toThrow();
    expect(subscriptionCheckoutPlan('cs_1', undefined)).toBeUndefined();
  });
});

describe('success page words', () => {
  afterEach(async () => {
    vi.unstubAllGlobals();
    await switchLocale('en');
  });

  it('says the monthly credits are here for a plan session this tab opened, in en and zh; nothing for a pack', async () => {
    vi.stubGlobal('sessionStorage', memoryStorage());
    rememberSubscriptionCheckout('cs_sub_1', 'pro');
    const words = subscriptionSuccessWords('cs_sub_1');
    expect(words?.planId).toBe('pro');
    expect(words?.waiting()).toBe('Subscribed — adding your monthly credits…');
    expect(words?.credited(7700)).toBe('Your 7,700 monthly credits are here');
    expect(words?.announce(7700, 8700)).toBe('Your 7,700 monthly credits are here. New balance: 8,700 credits.');
    await switchLocale('zh');
    expect(words?.credited(7700)).toBe('你的 7,700 月度积分已到账');
    expect(subscriptionSuccessWords('cs_pack_1')).toBeUndefined();
    expect(subscriptionSuccessWords(undefined)).toBeUndefined();
  });
});
