// Change password: current and new, each with its own error; on success every other session ends.
import { createSignal } from 'solid-js';
import { createPending, TextField } from '../../components/form-parts';
import { accountApi } from '../../lib/account-api';
import { accountError, checkPasswordChange, type FieldErrors, type PasswordField } from './account-forms';
import { act } from './account-i18n';
import { FormFooter } from './form-footer';

export function PasswordForm(props: { onChanged: () => void }) {
  const [errors, setErrors] = createSignal<FieldErrors<PasswordField>>({});
  const [alert, setAlert] = createSignal<string>();
  const [done, setDone] = createSignal<string>();
  const { pending, run } = createPending();
  const inputs: Partial<Record<PasswordField, HTMLInputElement>> = {};
  let alertEl: HTMLParagraphElement | undefined;

  const show = (next: FieldErrors<PasswordField>) => {
    setErrors(next);
    const first = (['currentPassword', 'newPassword'] as const).find((f) => next[f]);
    if (first) inputs[first]?.focus();
    return first !== undefined;
  };

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (pending()) return;
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    setAlert(undefined);
    setDone(undefined);
    if (show(checkPasswordChange(currentPassword, newPassword))) return;
    return run(
      async () => {
        const { signedOut } = await accountApi.changePassword({ currentPassword, newPassword });
        form.reset();
        setErrors({});
        setDone(signedOut > 0 ? act('password_done', { n: signedOut }) : act('password_done_none'));
        props.onChanged();
      },
      (err) => {
        const problem = accountError(err, 'currentPassword' as PasswordField);
        if ('field' in problem) show({ [problem.field]: problem.key });
        else {
          setAlert(act(problem.key));
          alertEl?.focus();
        }
      },
    );
  };

  const error = (field: PasswordField) => {
    const key = errors()[field];
    return key ? act(key) : undefined;
  };

  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">{act('password_title')}</h2>
      <form class="stack" onSubmit={onSubmit} noValidate>
        <TextField
          id="current-password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          label={act('current_password')}
          error={error('currentPassword')}
          ref={(el) => {
            inputs.currentPassword = el;
          }}
        />
        <TextField
          id="new-password"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          label={act('new_password')}
          hint={act('new_password_hint')}
          error={error('newPassword')}
          ref={(el) => {
            inputs.newPassword = el;
          }}
        />
        <FormFooter
          alert={alert()}
          alertRef={(el) => (alertEl = el)}
          done={done()}
          submit={act('password_submit')}
          pending={pending()}
        />
      </form>
    </section>
  );
}
