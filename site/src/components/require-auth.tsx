// Gate for pages that need an account: waits for the session check, sends signed-out users to sign-in with ?next=.

import { Navigate, useLocation } from '@solidjs/router';
import { type Component, type JSX, Match, Switch } from 'solid-js';
import { localePath, t } from '../lib/i18n';
import { usePageTitle } from '../lib/page-title';
import { user } from '../lib/session';

export function signinHref(next: string): string {
  return `${localePath('/signin')}?next=${encodeURIComponent(next)}`;
}

export function RequireAuth(props: { children: JSX.Element }) {
  const location = useLocation();
  return (
    <Switch>
      <Match when={user() === undefined}>
        <p class="muted">{t('loading')}</p>
      </Match>
      <Match when={user() === null}>
        <Navigate href={signinHref(location.pathname + location.search)} />
      </Match>
      <Match when={user()}>{props.children}</Match>
    </Switch>
  );
}

/** A page for signed-in users only: its title, then the body behind RequireAuth. */
export function signedInPage(title: () => string, Body: Component) {
  return function SignedInPage() {
    usePageTitle(title);
    return (
      <RequireAuth>
        <Body />
      </RequireAuth>
    );
  };
}
