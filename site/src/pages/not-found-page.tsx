// Any unknown path under a locale.
import { A } from '@solidjs/router';
import { localePath, t } from '../lib/i18n';
import { usePageTitle } from '../lib/page-title';

export default function NotFoundPage() {
  usePageTitle(() => t('not_found_title'));
  return (
    <section class="card narrow">
      <h1>{t('not_found_title')}</h1>
      <p>{t('not_found_body')}</p>
      <A href={localePath('/')} class="button">
        {t('back_home')}
      </A>
    </section>
  );
}
