// The email + password form shared by sign-in and sign-up; on success the session signal changes and the page moves on.
// Sign-up marks each bad field (checked here first, then as the API answers) and focuses the first;
// sign-in has one message for everything (the API never says which part was wrong) and focuses it.

import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, Show } from 'solid-js';
import { AlertLine, createPending, TextField } from '../../components/form-parts';
import { signIn, signUp } from '../../lib/auth-api';
import { localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { safeNext, user } from '../../lib/session';
import { type AuthMode, authErrorMessage } from './auth-errors';
import {
  type AuthField,
  checkSignupFields,
  type FieldErrors,
  firstInvalidField,
  signupFieldErrors,
} from './auth-fields';
import { authText, aw } from './auth-words';

export function AuthForm(props: { mode: AuthMode }) {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = createSignal<string>();
  const [fieldErrors, setFieldErrors] = createSignal<FieldErrors>({});
  const { pending, run } = createPending();
  const isSignup = props.mode === 'signup';
  const inputs: Partial<Record<AuthField, HTMLInputElement>> = {};
  let alert: HTMLParagraphElement | undefined;
  const next = () => safeNext(search.next, localePath('/'));
  const otherHref = () =>
    `${localePath(isSignup ? '/signin' : '/signup')}${typeof search.next === 'string' ? `?next=${encodeURIComponent(search.next)}` : ''}`;

  usePageTitle(() => aw(isSignup ? 'signup_title' : 'signin_title'));

  // One way out: whenever there is a user (already signed in, or just now), go where they were headed.
  createEffect(() => {
    if (user()) navigate(next(), { replace: true });
  });

  const showFieldErrors = (errors: FieldErrors): boolean => {
    setFieldErrors(errors);
    const first = firstInvalidField(errors);
    if (first) inputs[first]?.focus();
    return first !== undefined;
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (pending()) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    setError(undefined);
    if (isSignup && showFieldErrors(checkSignupFields(email, password))) return;
    return run(
      () => (isSignup ? signUp : signIn)(email, password),
      (err) => {
        if (isSignup && showFieldErrors(signupFieldErrors(err) ?? {})) return;
        const message = authErrorMessage(props.mode, err);
        setError('key' in message ? authText(message.key) : message.text);
        alert?.focus();
      },
    );
  };

  const fieldError = (field: AuthField) => {
    const key = fieldErrors()[field];
    return key ? aw(key) : undefined;
  };

  return (
    <section class="card narrow">
      <h1>{aw(isSignup ? 'signup_title' : 'signin_title')}</h1>
      {/* noValidate: our own checks speak (per field, translated), not the browser's bubbles. */}
      <form class="stack" onSubmit={onSubmit} noValidate>
        <TextField
          id={`${props.mode}-email`}
          label={aw('email')}
          error={fieldError('email')}
          ref={(el) => {
            inputs.email = el;
          }}
          name="email"
          type="email"
          autocomplete={isSignup ? 'email' : 'username'}
          required
        />
        <TextField
          id={`${props.mode}-password`}
          label={aw('password')}
          hint={isSignup ? aw('password_hint') : undefined}
          error={fieldError('password')}
          ref={(el) => {
            inputs.password = el;
          }}
          name="password"
          type="password"
          autocomplete={isSignup ? 'new-password' : 'current-password'}
          required
        />
        <Show when={!isSignup}>
          <p class="muted">
            <A href={localePath('/forgot-password')}>{aw('forgot_link')}</A>
          </p>
        </Show>
        <AlertLine text={error()} ref={(el) => (alert = el)} />
        <button type="submit" class="button primary" disabled={pending()}>
          {pending() ? aw('submitting') : aw(isSignup ? 'signup_submit' : 'signin_submit')}
        </button>
      </form>
      <p class="muted">
        {aw(isSignup ? 'signup_have_account' : 'signin_no_account')}{' '}
        <A href={otherHref()}>{aw(isSignup ? 'signup_to_signin' : 'signin_to_signup')}</A>
      </p>
    </section>
  );
}
