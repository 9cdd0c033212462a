// Pack names follow the page's language, from the names the Worker sends.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from './i18n';
import { packName } from './pack-name';

afterEach(() => setLocale('en'));

describe('packName', () => {
  const starter = { name: 'Starter', names: { en: 'Starter', zh: '入门包' } };

  it('says the pack name in the page language', () => {
    expect(packName(starter)).toBe('Starter');
    setLocale('zh');
    expect(packName(starter)).toBe('入门包');
  });
});
