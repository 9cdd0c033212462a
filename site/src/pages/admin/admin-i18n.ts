// The console's words (admin-i18n.en.ts / .zh.ts), kept apart from the public site's dictionary: only operators load them.
import { pageWords } from '../../lib/page-words';
import type en from './admin-i18n.en';

export type AdminKey = keyof typeof en;

/** Reactive translate in the current locale, with `{name}` placeholders (numbers formatted). */
export const at = pageWords<AdminKey>({ en: () => import('./admin-i18n.en'), zh: () => import('./admin-i18n.zh') });
