// Specifies pending idempotency keys: kept in sessionStorage across a reload until the answer arrives.
import { describe, expect, it } from 'vitest';
import { type KeyStorage, pendingKey } from './pending-key';

/** The smallest sessionStorage: a Map behind getItem/setItem/removeItem. */
function memoryStorage(): KeyStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
  };
}

describe('pendingKey', () => {
  it('hands the same key to a retry, including one made after a reload (a new page, same storage)', () => {
    const storage = memoryStorage();
    const first = pendingKey('spend', storage).take('10:demo');
    expect(first).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(pendingKey('spend', storage).take('10:demo')).toBe(first);
    expect(JSON.parse(storage.map.get('creditcast.pending-key.spend') ?? '')).toEqual({
      params: '10:demo',
      key: first,
    });
  });

  it('starts a fresh key once the answer has settled it', () => {
    const storage = memoryStorage();
    const keys = pendingKey('spend', storage);
    const first = keys.take('10:demo');
    keys.settle();
    expect(storage.map.size).toBe(0);
    const second = pendingKey('spend', storage).take('10:demo');
    expect(second).not.toBe(first);
  });

  it('makes a new key when the parameters change, so a key is never reused for another request', () => {
    const storage = memoryStorage();
    const keys = pendingKey('buy', storage);
    const small = keys.take('pack_small:en');
    const large = keys.take('pack_large:en');
    expect(large).not.toBe(small);
    expect(pendingKey('buy', storage).take('pack_large:en')).toBe(large);
  });

  it('keeps actions apart: a pending buy key is not the spend key', () => {
    const storage = memoryStorage();
    const buy = pendingKey('buy', storage).take('x');
    expect(pendingKey('spend', storage).take('x')).not.toBe(buy);
  });

  it('falls back to memory when storage throws, and ignores a corrupt stored entry', () => {
    const refusing: KeyStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const keys = pendingKey('spend', refusing);
    const first = keys.take('10:demo');
    expect(keys.take('10:demo')).toBe(first);
    keys.settle();
    expect(keys.take('10:demo')).not.toBe(first);

    const storage = memoryStorage();
    storage.map.set('creditcast.pending-key.spend', '{not json');
    expect(pendingKey('spend', storage).take('10:demo')).toMatch(/^[0-9a-f-]{32,36}$/);
  });
});
