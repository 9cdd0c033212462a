// /{locale}/payment/cancel?session_id=…: Stripe's back link. Asks the status endpoint, then says the truth: not charged, processing or charged.
import { A, useSearchParams } from '@solidjs/router';
import { createResource, Match, Show, Switch } from 'solid-js';
import { api } from '../../lib/api';
import { credits, localePath, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { user } from '../../lib/session';
import { type CancelView, cancelView, usableSessionId } from './cancel-state';
import { cw } from './cancel-words';

function titleOf(view: CancelView): string {
  switch (view.view) {
    case 'checking':
      return cw('cancel_checking');
    case 'not_charged':
      return cw('cancel_title');
    case 'processing':
      return cw('cancel_processing_title');
    case 'charged':
      return cw('cancel_charged_title');
    case 'refunded':
      return cw('cancel_refunded_title');
    case 'unknown':
      return cw('cancel_unknown_title');
  }
}

export default function CancelPage() {
  const [search] = useSearchParams();
  const sessionId = usableSessionId(search.session_id);
  // Asked only once the session check says who is here: a signed-out visitor cannot be told anything.
  const [answer] = createResource(
    () => (sessionId && user() ? sessionId : undefined),
    (id) => api.checkoutStatus(id).then(cancelView, () => cancelView('error')),
  );
  const view = (): CancelView => {
    if (!sessionId || user() === null) return { view: 'unknown' };
    return answer() ?? { view: 'checking' };
  };
  const is = <V extends CancelView['view']>(name: V) => {
    const current = view();
    return current.view === name ? (current as CancelView & { view: V }) : undefined;
  };
  usePageTitle(() => titleOf(view()));

  return (
    <section class="card narrow" aria-busy={view().view === 'checking'}>
      <h1>{titleOf(view())}</h1>
      <Switch>
        <Match when={is('checking')}>
          <div class="spinner" aria-hidden="true" />
        </Match>
        <Match when={is('not_charged')}>
          <p>{cw('cancel_body')}</p>
          <A href={`${localePath('/')}#packs`} class="button">
            {cw('back_to_packs')}
          </A>
        </Match>
        <Match when={is('processing')}>
          {(v) => (
            <>
              <p>{cw('cancel_processing_body')}</p>
              <A href={`${localePath('/payment/success')}?session_id=${v().sessionId}`} class="button primary">
                {cw('cancel_processing_link')}
              </A>
            </>
          )}
        </Match>
        <Match when={is('charged')}>
          {(v) => (
            <>
              <p>{cw('cancel_charged_body', { credits: credits(v().credits) })}</p>
              <div class="row">
                <A href={localePath('/history')} class="button primary">
                  {cw('see_history')}
                </A>
                <A href={localePath('/')} class="button">
                  {t('back_home')}
                </A>
              </div>
            </>
          )}
        </Match>
        <Match when={is('refunded')}>
          <p>{cw('cancel_refunded_body')}</p>
          <A href={localePath('/history')} class="button">
            {cw('see_history')}
          </A>
        </Match>
        <Match when={is('unknown')}>
          <p>{cw('cancel_unknown_body')}</p>
          <div class="row">
            <Show
              when={user()}
              fallback={
                <A href={localePath('/signin')} class="button primary">
                  {t('nav_signin')}
                </A>
              }
            >
              <A href={localePath('/history')} class="button">
                {cw('see_history')}
              </A>
            </Show>
            <A href={`${localePath('/')}#packs`} class="button">
              {cw('back_to_packs')}
            </A>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
