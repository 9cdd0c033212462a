// The /:locale section: takes the locale from the URL, then renders the skip link, the header and the page.

import { type RouteSectionProps, useBeforeLeave, useParams } from '@solidjs/router';
import { createRenderEffect, createSignal, ErrorBoundary, lazy, Show, Suspense } from 'solid-js';
import { PageBoundary } from '../components/page-boundary';
import { SignedOutNotice } from '../components/signed-out-notice';
import { SiteHeader } from '../components/site-header';
import { subscriptionsApi } from '../lib/api';
import { useFocusHeadingOnNavigate } from '../lib/focus-heading';
import { isLocale, t } from '../lib/i18n';
import { loadChunk, rememberNavigationTarget } from '../lib/lazy-page';
import { switchLocale } from '../lib/page-words';
import { user } from '../lib/session';

// The past-due watch (the subscription store, and the banner while a renewal has failed) loads after the page,
// in its own boundary: no page's first paint waits for it, and a chunk that cannot load leaves the header as is.
const PastDueWatch = lazy(() => import('./home/past-due-watch'));

export default function LocaleLayout(props: RouteSectionProps) {
  const params = useParams();
  let main: HTMLElement | undefined;
  // Only the URL's language is loaded (its own chunks); nothing renders until it is, so no key or other
  // language ever shows. Switching keeps the old words on screen until the new ones have arrived.
  const [ready, setReady] = createSignal(false);
  const [failed, setFailed] = createSignal(false);
  createRenderEffect(() => {
    const locale = params.locale;
    if (!isLocale(locale)) return;
    // With the page chunks' retries (and reload to a new build): a lost words file must not leave a blank page.
    void loadChunk(() => switchLocale(locale)).then(
      () => {
        if (params.locale !== locale) return; // a later switch won the race
        document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
        setReady(true);
      },
      () => setFailed(true),
    );
  });
  useFocusHeadingOnNavigate(() => main);
  // A page chunk that fails mid-navigation may reload to a new build: it must land where we were going.
  useBeforeLeave((event) => rememberNavigationTarget(event.to));

  return (
    <Show when={ready()} fallback={<Show when={failed()}>{wordsFailed()}</Show>}>
      {/* target="_self" keeps the router out of it: the browser's own fragment jump moves focus to main. */}
      <a href="#main" target="_self" class="skip-link">
        {t('skip_to_content')}
      </a>
      <SiteHeader>
        {/* Subscriptions: a failed renewal is said on every page, with the way to fix it. */}
        <Show when={user()}>
          <ErrorBoundary fallback={null}>
            <Suspense fallback={null}>
              <PastDueWatch client={subscriptionsApi} />
            </Suspense>
          </ErrorBoundary>
        </Show>
      </SiteHeader>
      <main id="main" class="page" tabindex="-1" ref={main}>
        <SignedOutNotice />
        <PageBoundary>{props.children}</PageBoundary>
      </main>
    </Show>
  );
}

/** The one text written here, in both languages: it shows only when no words file could be loaded. */
function wordsFailed() {
  return (
    <main id="main" class="page">
      <section class="card narrow" role="alert">
        <p lang="en">This page could not be loaded. Check your connection, then reload.</p>
        <p lang="zh-CN">页面无法加载。请检查网络后刷新。</p>
        <button type="button" class="button" onClick={() => location.reload()}>
          Reload / 刷新
        </button>
      </section>
    </main>
  );
}
