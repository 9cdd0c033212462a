// /{locale}/confirm-email?token=…: the link sent to a new email address. Confirming takes a click (a mail
// scanner that opens links must not change anyone's email); then the account uses the new address.
import { A, useSearchParams } from '@solidjs/router';
import { createSignal, Match, Switch } from 'solid-js';
import { AlertLine, createPending } from '../../components/form-parts';
import { localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { loadSession } from '../../lib/session';
import { aw, requestFailureText } from './auth-words';
import { resetApi } from './reset-api';

export default function ConfirmEmailPage() {
  const [search] = useSearchParams();
  const token = () => (typeof search.token === 'string' ? search.token : '');
  const [done, setDone] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const { pending, run } = createPending();
  usePageTitle(() => aw('confirm_email_title'));

  const confirm = () => {
    setError(undefined);
    return run(
      async () => {
        await resetApi.confirmEmail(token());
        setDone(true);
        // A signed-in header shows the new address.
        await loadSession();
      },
      (err) => setError(requestFailureText(err)),
    );
  };

  return (
    <section class="card narrow">
      <h1>{aw('confirm_email_title')}</h1>
      <Switch>
        <Match when={done()}>
          <p role="status">{aw('confirm_email_done')}</p>
          <p>
            <A href={localePath('/')}>{aw('confirm_email_home')}</A>
          </p>
        </Match>
        <Match when={!token()}>
          <AlertLine text={aw('reset_no_token')} />
        </Match>
        <Match when={true}>
          <p>{aw('confirm_email_intro')}</p>
          <AlertLine text={error()} />
          <button type="button" class="button primary" disabled={pending()} onClick={confirm}>
            {pending() ? aw('submitting') : aw('confirm_email_submit')}
          </button>
        </Match>
      </Switch>
    </section>
  );
}
