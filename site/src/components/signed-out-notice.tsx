// When the session ends outside this tab (another tab, another device, a password change): go to this locale's sign-in page at once and say why, with a link.
import { A, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, Show } from 'solid-js';
import { localePath, t } from '../lib/i18n';
import { endedElsewhere, sessionEnd } from '../lib/session';
import { signinHref } from './require-auth';

export function SignedOutNotice() {
  const location = useLocation();
  const navigate = useNavigate();
  createEffect(() => {
    if (!endedElsewhere() || location.pathname === localePath('/signin')) return;
    navigate(signinHref(location.pathname + location.search), { replace: true });
  });
  return (
    <Show when={endedElsewhere()}>
      <p class="notice" role="alert">
        {t(sessionEnd() === 'other_tab' ? 'signed_out_other_tab' : 'signed_out_remote')}{' '}
        <A href={localePath('/signin')}>{t('sign_in_again')}</A>
      </p>
    </Show>
  );
}
