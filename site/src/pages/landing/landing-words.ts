// The landing page's words: landing-words.en.ts / .zh.ts, one loaded per page.
import { pageWords } from '../../lib/page-words';
import type en from './landing-words.en';

export type LandingWord = keyof typeof en;

export const lw = pageWords<LandingWord>({
  en: () => import('./landing-words.en'),
  zh: () => import('./landing-words.zh'),
});
