// The success page's own words (the cancel page's are cancel-words.ts); the older success strings stay in lib/i18n.en.ts: payment-words.en.ts / .zh.ts, one loaded per page.
import { pageWords } from '../../lib/page-words';
import type en from './payment-words.en';

export type PaymentWord = keyof typeof en;

export const pw = pageWords<PaymentWord>({
  en: () => import('./payment-words.en'),
  zh: () => import('./payment-words.zh'),
});
