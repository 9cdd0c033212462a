// The account page's words (account-i18n.en.ts / .zh.ts), beside the page: only signed-in users on /account load them.
import { pageWords } from '../../lib/page-words';
import type en from './account-i18n.en';

export type AccountKey = keyof typeof en;

/** Reactive translate from the account dictionary, in the current locale. */
export const act = pageWords<AccountKey>({
  en: () => import('./account-i18n.en'),
  zh: () => import('./account-i18n.zh'),
});
