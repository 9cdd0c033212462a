// The document title of the current page, kept in the current locale.
import { createEffect } from 'solid-js';
import { t } from './i18n';

export function usePageTitle(title: () => string): void {
  createEffect(() => {
    document.title = `${title()} · ${t('app_name')}`;
  });
}
