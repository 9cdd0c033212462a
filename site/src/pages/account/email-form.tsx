// Change email: the new address and the password; a link goes to the new address and the account
// keeps its current one (sign-in, receipts) until that link is opened (auth/confirm-email-page.tsx).
import { createSignal } from 'solid-js';
import { createPending, TextField } from '../../components/form-parts';
import { accountApi } from '../../lib/account-api';
import { ApiError } from '../../lib/api';
import { areaErrorMessages } from '../../lib/error-messages';
import { user } from '../../lib/session';
import { act } from './account-i18n';
import { FormFooter } from './form-footer';

// email_taken's sentence lives in the sign-in pages' set (one set per code); this form meets it too.
areaErrorMessages({
  en: () => import('../../lib/auth-error-messages.en'),
  zh: () => import('../../lib/auth-error-messages.zh'),
});

export function EmailForm() {
  const [alert, setAlert] = createSignal<string>();
  const [sent, setSent] = createSignal<string>();
  const { pending, run } = createPending();
  let alertEl: HTMLParagraphElement | undefined;

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (pending()) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    setAlert(undefined);
    setSent(undefined);
    return run(
      async () => {
        const { pendingEmail } = await accountApi.changeEmail(
          String(data.get('email') ?? '').trim(),
          String(data.get('password') ?? ''),
        );
        form.reset();
        setSent(act('email_sent', { email: pendingEmail, current: user()?.email ?? '' }));
      },
      (err) => {
        // ApiError's message is the page language's sentence for its code (wrong_password, email_taken, 400…).
        setAlert(err instanceof ApiError ? err.message : act('err_generic'));
        alertEl?.focus();
      },
    );
  };

  return (
    <section class="card" aria-labelledby="email-title">
      <h2 id="email-title">{act('email_title')}</h2>
      <form class="stack" onSubmit={onSubmit} noValidate>
        <TextField id="new-email" name="email" type="email" autocomplete="email" label={act('new_email')} />
        <TextField
          id="email-password"
          name="password"
          type="password"
          autocomplete="current-password"
          label={act('email_password')}
        />
        <FormFooter
          alert={alert()}
          alertRef={(el) => (alertEl = el)}
          done={sent()}
          submit={act('email_submit')}
          pending={pending()}
        />
      </form>
    </section>
  );
}
