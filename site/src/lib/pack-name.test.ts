// Pack names follow the page's language, from the names the Worker sends.
import { afterEach, describe, expect, it } from 'vitest';
import { packName } from './pack-name';
import { switchLocale } from './page-words';

afterEach(() => switchLocale('en'));

describe('packName', () => {
  const starter = { name: 'Starter', names: { en: 'Starter', zh: '入门包' } };

  it('says the pack name in the page language', async () => {
    expect(packName(starter)).toBe('Starter');
    await switchLocale('zh');
    expect(packName(starter)).toBe('入门包');
  });
});
