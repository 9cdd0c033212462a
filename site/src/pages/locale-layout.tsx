// The /:locale section: takes the locale from the URL, then renders the header and the page.

import { type RouteSectionProps, useParams } from '@solidjs/router';
import { createRenderEffect, Suspense } from 'solid-js';
import { SiteHeader } from '../components/site-header';
import { isLocale, setLocale, t } from '../lib/i18n';

export default function LocaleLayout(props: RouteSectionProps) {
  const params = useParams();
  // A render effect, so the locale is set before any child reads t().
  createRenderEffect(() => {
    const locale = params.locale;
    if (!isLocale(locale)) return;
    setLocale(locale);
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  });

  return (
    <>
      <SiteHeader />
      <main class="page">
        <Suspense fallback={<p class="muted">{t('loading')}</p>}>{props.children}</Suspense>
      </main>
    </>
  );
}
