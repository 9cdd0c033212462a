// /{locale}/reset-password?token=…: the emailed link's page. Sets the new password (every session ends,
// this browser's too), then offers sign-in; a used or expired link says so and offers a new one.
import { A, useSearchParams } from '@solidjs/router';
import { createSignal, Match, Show, Switch } from 'solid-js';
import { AlertLine, createPending, TextField } from '../../components/form-parts';
import { ApiError } from '../../lib/api';
import { localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { loadSession } from '../../lib/session';
import { checkSignupFields, signupFieldErrors } from './auth-fields';
import { aw, requestFailureText } from './auth-words';
import { resetApi } from './reset-api';

export default function ResetPasswordPage() {
  const [search] = useSearchParams();
  const token = () => (typeof search.token === 'string' ? search.token : '');
  const [done, setDone] = createSignal(false);
  const [fieldError, setFieldError] = createSignal<string>();
  const [error, setError] = createSignal<{ text: string; expired: boolean }>();
  const { pending, run } = createPending();
  let input: HTMLInputElement | undefined;
  let status: HTMLParagraphElement | undefined;
  usePageTitle(() => aw('reset_title'));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (pending()) return;
    const password = String(new FormData(event.currentTarget as HTMLFormElement).get('password') ?? '');
    setError(undefined);
    // The same rule as sign-up (the server checks it again).
    const problem = checkSignupFields('a@b.co', password).password;
    setFieldError(problem ? aw(problem) : undefined);
    if (problem) return input?.focus();
    return run(
      async () => {
        await resetApi.confirm(token(), password);
        setDone(true);
        // This browser's session ended with every other: let the header and other tabs know.
        await loadSession();
        status?.focus();
      },
      (err) => {
        const onField = signupFieldErrors(err)?.password;
        if (onField) {
          setFieldError(aw(onField));
          return input?.focus();
        }
        setError({
          text: requestFailureText(err),
          expired: err instanceof ApiError && err.code === 'invalid_reset_token',
        });
      },
    );
  };

  return (
    <section class="card narrow">
      <h1>{aw('reset_title')}</h1>
      <Switch>
        <Match when={done()}>
          <p role="status" tabindex="-1" ref={status}>
            {aw('reset_done')}
          </p>
          <p>
            <A class="button primary" href={localePath('/signin')}>
              {aw('reset_sign_in')}
            </A>
          </p>
        </Match>
        <Match when={!token()}>
          <AlertLine text={aw('reset_no_token')} />
          <p>
            <A href={localePath('/forgot-password')}>{aw('reset_ask_again')}</A>
          </p>
        </Match>
        <Match when={true}>
          <form class="stack" onSubmit={onSubmit} noValidate>
            <TextField
              id="reset-password"
              label={aw('new_password')}
              hint={aw('password_hint')}
              error={fieldError()}
              ref={(el) => {
                input = el;
              }}
              name="password"
              type="password"
              autocomplete="new-password"
              required
            />
            <AlertLine text={error()?.text}>
              <Show when={error()?.expired}>
                {' '}
                <A href={localePath('/forgot-password')}>{aw('reset_ask_again')}</A>
              </Show>
            </AlertLine>
            <button type="submit" class="button primary" disabled={pending()}>
              {pending() ? aw('submitting') : aw('reset_submit')}
            </button>
          </form>
        </Match>
      </Switch>
    </section>
  );
}
