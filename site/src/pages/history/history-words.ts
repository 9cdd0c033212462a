// The history page's words (kind names come from lib/ledger-kinds.ts): history-words.en.ts / .zh.ts, one loaded per page.
import { pageWords } from '../../lib/page-words';
import type en from './history-words.en';

export type HistoryWord = keyof typeof en;

export const hw = pageWords<HistoryWord>({
  en: () => import('./history-words.en'),
  zh: () => import('./history-words.zh'),
});
