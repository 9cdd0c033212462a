// Specifies where sign-in may send the user next.
import { describe, expect, it } from 'vitest';
import { safeNext } from './session';

describe('safeNext', () => {
  it('keeps a path on this site, query included', () => {
    expect(safeNext('/en/payment/success?session_id=cs_1', '/en')).toBe('/en/payment/success?session_id=cs_1');
  });

  it('falls back for anything that could leave the site or is missing', () => {
    for (const next of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'en', '', undefined, ['/en']]) {
      expect(safeNext(next, '/zh')).toBe('/zh');
    }
  });
});
