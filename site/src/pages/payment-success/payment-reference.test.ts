// Specifies the short payment reference, the support link and the memory of credits already shown.
import { describe, expect, it } from 'vitest';
import { rememberShown, shortReference, supportMailto, wasShown } from './payment-reference';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

describe('shortReference', () => {
  it('keeps the prefix and the last four characters', () => {
    expect(shortReference('cs_test_a1B2c3D4e5F6g7H8i9J0a1b2')).toBe('cs_test_…a1b2');
    expect(shortReference('cs_live_a1B2c3D4e5F6g7H8i9J0wxyz')).toBe('cs_live_…wxyz');
    expect(shortReference('cs_a1B2c3D4e5F6g7H8')).toBe('cs_…g7H8');
  });

  it('leaves ids that are already short alone', () => {
    expect(shortReference('cs_test_1')).toBe('cs_test_1');
    expect(shortReference('')).toBe('');
  });
});

describe('supportMailto', () => {
  it('encodes the subject and body', () => {
    expect(supportMailto('help@x.example', 'Payment cs_test_1', 'Not credited & waiting')).toBe(
      'mailto:help@x.example?subject=Payment%20cs_test_1&body=Not%20credited%20%26%20waiting',
    );
  });
});

describe('credits already shown', () => {
  it('remembers sessions, most recent 20, and survives bad or missing storage', () => {
    const storage = new MemoryStorage();
    expect(wasShown(storage, 'cs_1')).toBe(false);
    rememberShown(storage, 'cs_1');
    expect(wasShown(storage, 'cs_1')).toBe(true);
    for (let i = 2; i <= 21; i++) rememberShown(storage, `cs_${i}`);
    expect(wasShown(storage, 'cs_1')).toBe(false);
    expect(wasShown(storage, 'cs_21')).toBe(true);
    storage.setItem('creditcast:credited-shown', '{not json');
    expect(wasShown(storage, 'cs_21')).toBe(false);
    expect(wasShown(undefined, 'cs_21')).toBe(false);
    expect(() => rememberShown(undefined, 'cs_x')).not.toThrow();
  });
});
