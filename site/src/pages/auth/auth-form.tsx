// The email + password form shared by sign-in and sign-up; on success the session signal changes and the page moves on.

import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, Show } from 'solid-js';
import { localePath, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { safeNext, signIn, signUp, user } from '../../lib/session';
import { type AuthMode, authErrorMessage } from './auth-errors';

export function AuthForm(props: { mode: AuthMode }) {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = createSignal<string>();
  const [pending, setPending] = createSignal(false);
  const isSignup = props.mode === 'signup';
  const next = () => safeNext(search.next, localePath('/'));
  const otherHref = () =>
    `${localePath(isSignup ? '/signin' : '/signup')}${typeof search.next === 'string' ? `?next=${encodeURIComponent(search.next)}` : ''}`;

  usePageTitle(() => t(isSignup ? 'signup_title' : 'signin_title'));

  // One way out: whenever there is a user (already signed in, or just now), go where they were headed.
  createEffect(() => {
    if (user()) navigate(next(), { replace: true });
  });

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (pending()) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    setError(undefined);
    setPending(true);
    try {
      await (isSignup ? signUp : signIn)(email, password);
    } catch (err) {
      const message = authErrorMessage(props.mode, err);
      setError('key' in message ? t(message.key) : message.text);
    } finally {
      setPending(false);
    }
  };

  return (
    <section class="card narrow">
      <h1>{t(isSignup ? 'signup_title' : 'signin_title')}</h1>
      {/* noValidate: the API is the one judge of what is valid, and its answer lands in the alert below. */}
      <form class="stack" onSubmit={onSubmit} noValidate>
        <label class="field">
          <span>{t('email')}</span>
          <input name="email" type="email" autocomplete={isSignup ? 'email' : 'username'} required />
        </label>
        <label class="field">
          <span>{t('password')}</span>
          <input
            name="password"
            type="password"
            autocomplete={isSignup ? 'new-password' : 'current-password'}
            minLength={isSignup ? 8 : undefined}
            aria-describedby={isSignup ? 'password-hint' : undefined}
            required
          />
        </label>
        {/* Outside the label: the field's name stays "Password"; the hint is its description. */}
        <Show when={isSignup}>
          <small id="password-hint" class="muted field-hint">
            {t('password_hint')}
          </small>
        </Show>
        <Show when={error()}>
          <p role="alert" class="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" class="button primary" disabled={pending()}>
          {pending() ? t('submitting') : t(isSignup ? 'signup_submit' : 'signin_submit')}
        </button>
      </form>
      <p class="muted">
        {t(isSignup ? 'signup_have_account' : 'signin_no_account')}{' '}
        <A href={otherHref()}>{t(isSignup ? 'signup_to_signin' : 'signin_to_signup')}</A>
      </p>
    </section>
  );
}
