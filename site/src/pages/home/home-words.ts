// The home page's own words (home-words.en.ts / .zh.ts, one loaded per page): the balance, the spend demo,
// the recent ledger and the lots; the packs' words are shared (the landing page and the Studio show packs).
import { pageWords } from '../../lib/page-words';
import type en from './home-words.en';

export type HomeWord = keyof typeof en;

export const hm = pageWords<HomeWord>({
  en: () => import('./home-words.en'),
  zh: () => import('./home-words.zh'),
});
