// Specifies the memory of subscription Checkout Sessions the success page reads: found again by session id,
// bounded, and harmless when storage is missing, full or holds garbage.
import { describe, expect, it } from 'vitest';
import type { KeyStorage } from '../../lib/pending-key';
import { rememberSubscriptionCheckout, subscriptionCheckoutPlan } from './subscription-checkout';

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
