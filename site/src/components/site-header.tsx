// The header on every page: app name, live balance, navigation, language switcher and sign-out.

import { A, useLocation, useNavigate } from '@solidjs/router';
import { For, type JSX, Show } from 'solid-js';
import { LANGUAGE_NAMES, LOCALES, localePath, switchLocalePath, t } from '../lib/i18n';
import { signOut, user } from '../lib/session';
import { BalanceBadge } from './balance-badge';

/** `children`: what stands under the header's row on every page (the layout passes the past-due banner). */
export function SiteHeader(props: { children?: JSX.Element }) {
  const location = useLocation();
  const navigate = useNavigate();

  const onSignOut = async () => {
    await signOut().catch(() => undefined); // signed out locally either way
    navigate(localePath('/signin'));
  };

  return (
    <header class="site-header">
      <div class="header-inner">
        <A href={localePath('/')} class="brand">
          {t('app_name')}
        </A>
        <Show when={user()}>
          <BalanceBadge />
        </Show>
        <nav aria-label={t('nav_main')} class="header-nav">
          <Show
            when={user()}
            fallback={
              // Nothing while the first /me is in flight (user() undefined): a signed-in page load must not
              // flash "Sign in / Sign up" first.
              <Show when={user() === null}>
                <A href={localePath('/signin')}>{t('nav_signin')}</A>
                <A href={localePath('/signup')}>{t('nav_signup')}</A>
              </Show>
            }
          >
            <A href={localePath('/')} end>
              {t('nav_home')}
            </A>
            <A href={localePath('/studio')}>{t('nav_studio')}</A>
            <A href={localePath('/history')}>{t('nav_history')}</A>
            <A href={localePath('/account')} title={user()?.email}>
              {t('nav_account')}
            </A>
            <Show when={user()?.role === 'operator'}>
              <A href={localePath('/admin')}>{t('nav_admin')}</A>
            </Show>
            <button type="button" class="link-button" onClick={onSignOut}>
              {t('sign_out')}
            </button>
          </Show>
        </nav>
        <nav aria-label={t('nav_language')} class="lang-switch">
          <For each={LOCALES}>
            {(code) => (
              <A href={switchLocalePath(location.pathname, location.search, code)} hreflang={code} lang={code} end>
                {LANGUAGE_NAMES[code]}
              </A>
            )}
          </For>
        </nav>
      </div>
      {props.children}
    </header>
  );
}
