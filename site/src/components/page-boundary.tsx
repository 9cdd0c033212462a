// Around every page: a translated "could not load, try again" instead of a blank app when a page's
// code can't be had, cleared by the next navigation so links and the language switch keep working.
import { useLocation } from '@solidjs/router';
import { createEffect, ErrorBoundary, type JSX, on, Suspense } from 'solid-js';
import { t } from '../lib/i18n';

export function PageBoundary(props: { children: JSX.Element }) {
  const location = useLocation();
  return (
    <ErrorBoundary
      fallback={(error, reset) => {
        console.warn('page failed', error);
        createEffect(on(() => location.pathname, reset, { defer: true }));
        return (
          <section class="card narrow" role="alert">
            <h1>{t('page_load_failed_title')}</h1>
            <p>{t('page_load_failed_body')}</p>
            {/* A failed chunk stays failed in this document; a reload fetches it (or the new build) afresh. */}
            <button type="button" class="button" onClick={() => window.location.reload()}>
              {t('page_load_retry')}
            </button>
          </section>
        );
      }}
    >
      <Suspense fallback={<p class="muted">{t('loading')}</p>}>{props.children}</Suspense>
    </ErrorBoundary>
  );
}
