// Delete account: the password first, then one explicit confirmation; on success this browser forgets
// the session and shows the goodbye page. Refusals say what to do; a plan that still bills is offered
// "cancel the plan now and delete", stating the credits that will be lost, with its own confirmation.
import { useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { AlertLine, ConfirmStep, createPending, TextField } from '../../components/form-parts';
import { accountApi } from '../../lib/account-api';
import { formatNumber, locale, localePath } from '../../lib/i18n';
import { balance } from '../../lib/live-balance';
import { signOut } from '../../lib/session';
import { accountError } from './account-forms';
import { type AccountKey, act } from './account-i18n';

export function DeleteAccount() {
  const navigate = useNavigate();
  const [password, setPassword] = createSignal('');
  const [fieldError, setFieldError] = createSignal<AccountKey>();
  const [alert, setAlert] = createSignal<AccountKey>();
  const [confirming, setConfirming] = createSignal(false);
  const { pending, run } = createPending();
  // Set once the server refused because a plan still bills: the user may then choose to cancel it too.
  const [planOffered, setPlanOffered] = createSignal(false);
  const [cancelPlan, setCancelPlan] = createSignal(false);
  // What closing loses: every credit, the held ones too (holds are released, then the account is gone).
  const lost = () => formatNumber(locale(), (balance()?.credits ?? 0) + (balance()?.held ?? 0));
  let input: HTMLInputElement | undefined;
  let confirmEl: HTMLParagraphElement | undefined;
  let alertEl: HTMLParagraphElement | undefined;

  const onReview = (event: SubmitEvent) => {
    event.preventDefault();
    setAlert(undefined);
    if (!password()) {
      setFieldError('err_required');
      input?.focus();
      return;
    }
    setFieldError(undefined);
    setConfirming(true);
    confirmEl?.focus();
  };

  const onConfirm = () =>
    run(
      async () => {
        await accountApi.deleteAccount(password(), cancelPlan());
        // The server has ended every session; this clears the local state (its logout is a no-op now).
        await signOut().catch(() => undefined);
        navigate(localePath('/goodbye'), { replace: true });
      },
      (err) => {
        setConfirming(false);
        setCancelPlan(false);
        const problem = accountError(err, 'password');
        setPlanOffered(!('field' in problem) && problem.key === 'err_subscription_active');
        if ('field' in problem) {
          setFieldError(problem.key);
          input?.focus();
        } else {
          setAlert(problem.key);
          alertEl?.focus();
        }
      },
    );

  return (
    <section class="card" aria-labelledby="delete-title">
      <h2 id="delete-title">{act('delete_title')}</h2>
      <p>{act('delete_body')}</p>
      <form class="stack" onSubmit={onReview} noValidate>
        <TextField
          id="delete-password"
          name="password"
          type="password"
          autocomplete="current-password"
          label={act('delete_password')}
          error={fieldError() ? act(fieldError() as AccountKey) : undefined}
          value={password()}
          onInput={(e) => {
            setPassword(e.currentTarget.value);
            setConfirming(false);
            setCancelPlan(false);
          }}
          ref={(el) => {
            input = el;
          }}
        />
        <AlertLine text={alert() ? act(alert() as AccountKey) : undefined} ref={(el) => (alertEl = el)} />
        <Show when={planOffered() && !confirming()}>
          <p>{act('delete_plan_offer', { credits: lost() })}</p>
          <div class="row">
            <button
              type="button"
              class="button"
              onClick={() => {
                setCancelPlan(true);
                setConfirming(true);
                confirmEl?.focus();
              }}
            >
              {act('delete_plan_button')}
            </button>
          </div>
        </Show>
        <Show
          when={confirming()}
          fallback={
            <div class="row">
              <button type="submit" class="button">
                {act('delete_submit')}
              </button>
            </div>
          }
        >
          <ConfirmStep
            text={cancelPlan() ? act('delete_plan_confirm', { credits: lost() }) : act('delete_confirm')}
            textRef={(el) => (confirmEl = el)}
            confirm={cancelPlan() ? act('delete_plan_confirm_button') : act('delete_confirm_button')}
            back={act('cancel')}
            busy={pending()}
            tone="danger"
            onConfirm={() => void onConfirm()}
            onBack={() => {
              setConfirming(false);
              setCancelPlan(false);
            }}
          />
        </Show>
      </form>
    </section>
  );
}
