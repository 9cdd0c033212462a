// The cancel page's own words: cancel-words.en.ts / .zh.ts, one loaded per page (the success page's are payment-words).
import { pageWords } from '../../lib/page-words';
import type en from './cancel-words.en';

export type CancelWord = keyof typeof en;

export const cw = pageWords<CancelWord>({
  en: () => import('./cancel-words.en'),
  zh: () => import('./cancel-words.zh'),
});
