// /{locale}/forgot-password: asks for the account's email and sends the reset link. The answer is the
// same whether or not the address has an account (the server's 202), and so is what the page says.
import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { AlertLine, createPending, TextField } from '../../components/form-parts';
import { localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { checkSignupFields } from './auth-fields';
import { aw, requestFailureText } from './auth-words';
import { resetApi } from './reset-api';

export default function ForgotPasswordPage() {
  const [sentTo, setSentTo] = createSignal<string>();
  const [fieldError, setFieldError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const { pending, run } = createPending();
  let input: HTMLInputElement | undefined;
  let status: HTMLParagraphElement | undefined;
  usePageTitle(() => aw('forgot_title'));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (pending()) return;
    const email = String(new FormData(event.currentTarget as HTMLFormElement).get('email') ?? '').trim();
    setError(undefined);
    // Only the email's own checks apply here (the password is not asked for).
    const problem = checkSignupFields(email, 'x'.repeat(8)).email;
    setFieldError(problem ? aw(problem) : undefined);
    if (problem) return input?.focus();
    return run(
      async () => {
        await resetApi.request(email);
        setSentTo(email);
        status?.focus();
      },
      (err) => setError(requestFailureText(err)),
    );
  };

  return (
    <section class="card narrow">
      <h1>{aw('forgot_title')}</h1>
      <Show
        when={sentTo()}
        fallback={
          <>
            <p>{aw('forgot_intro')}</p>
            <form class="stack" onSubmit={onSubmit} noValidate>
              <TextField
                id="forgot-email"
                label={aw('email')}
                error={fieldError()}
                ref={(el) => {
                  input = el;
                }}
                name="email"
                type="email"
                autocomplete="username"
                required
              />
              <AlertLine text={error()} />
              <button type="submit" class="button primary" disabled={pending()}>
                {pending() ? aw('submitting') : aw('forgot_submit')}
              </button>
            </form>
          </>
        }
      >
        {(email) => (
          <p role="status" tabindex="-1" ref={status}>
            {aw('forgot_sent', { email: email() })}
          </p>
        )}
      </Show>
      <p class="muted">
        <A href={localePath('/signin')}>{aw('back_to_signin')}</A>
      </p>
    </section>
  );
}
