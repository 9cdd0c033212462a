// The Studio page's words: studio-words.en.ts / .zh.ts, one loaded per page (only Studio users load them).
import { pageWords } from '../../lib/page-words';
import type en from './studio-words.en';

export type StudioWord = keyof typeof en;

export const sw = pageWords<StudioWord>({
  en: () => import('./studio-words.en'),
  zh: () => import('./studio-words.zh'),
});
