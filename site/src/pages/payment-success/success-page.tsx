// /{locale}/payment/success?session_id=…: where Stripe sends the buyer; shows honestly whether the credits have landed yet.

import { A, useLocation, useSearchParams } from '@solidjs/router';
import { Match, Show, Switch } from 'solid-js';
import { CountUp } from '../../components/count-up';
import { signinHref } from '../../components/require-auth';
import { credits, localePath, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { user } from '../../lib/session';
import { subscriptionSuccessWords } from '../home/subscription-success';
import { createSuccessFlow } from './success-data';
import type { SuccessState } from './success-state';

/** What the polite live region says for a state; empty while nothing new is known. */
function announcement(state: SuccessState): string {
  switch (state.phase) {
    case 'waiting':
      return state.slow ? t('success_slow') : '';
    case 'credited':
      return (
        subscriptionSuccessWords(state.sessionId)?.announce(state.credits, state.balance) ??
        t('success_announce', { credits: credits(state.credits), balance: credits(state.balance) })
      );
    case 'processing':
      return t('success_processing');
    case 'failed':
      return t('success_failed');
    case 'expired':
      return t('success_expired');
    case 'refunded':
      return t('success_refunded');
    case 'not_found':
      return t('success_not_found');
    case 'signed_out':
      return t('success_signed_out');
  }
}

function SignedOut() {
  const location = useLocation();
  return (
    <>
      <h1>{t('success_signed_out_title')}</h1>
      <p>{t('success_signed_out')}</p>
      <A href={signinHref(location.pathname + location.search)} class="button primary">
        {t('nav_signin')}
      </A>
    </>
  );
}

function SessionRef(props: { id: string }) {
  return <p class="muted small session-ref">{t('success_session', { id: props.id })}</p>;
}

function SuccessFlow(props: { sessionId: string | undefined }) {
  const state = createSuccessFlow(props.sessionId);
  // A plan's session (opened in this tab) says "Your 7,700 monthly credits are here" instead of "+7,700 credits".
  const plan = subscriptionSuccessWords(props.sessionId);
  const inPhase = <P extends SuccessState['phase']>(phase: P) => {
    const current = state();
    return current.phase === phase ? (current as SuccessState & { phase: P }) : undefined;
  };

  return (
    <>
      <Switch>
        <Match when={inPhase('waiting')}>
          {(s) => (
            <>
              <div class="spinner" aria-hidden="true" />
              <h1>{plan?.waiting() ?? t('success_waiting')}</h1>
              <p class="muted">{t('success_elapsed', { s: Math.floor(s().elapsedMs / 1000) })}</p>
              <Show when={s().slow}>
                <p>{t('success_slow')}</p>
                <SessionRef id={s().sessionId} />
              </Show>
            </>
          )}
        </Match>
        <Match when={inPhase('credited')}>
          {(s) => (
            <>
              <h1 class="credited">{plan?.credited(s().credits) ?? t('success_credited', { credits: s().credits })}</h1>
              <p class="new-balance">
                <span class="muted">{t('success_new_balance')}</span>{' '}
                <strong>
                  <CountUp from={s().balance - s().credits} to={s().balance} format={credits} />
                </strong>
              </p>
              <A href={localePath('/')} class="button primary">
                {t('back_home')}
              </A>
            </>
          )}
        </Match>
        <Match when={inPhase('processing')}>
          {(s) => (
            <>
              <h1>{t('success_processing_title')}</h1>
              <p>{t('success_processing')}</p>
              <SessionRef id={s().sessionId} />
              <A href={localePath('/')} class="button">
                {t('back_home')}
              </A>
            </>
          )}
        </Match>
        <Match when={inPhase('failed') ?? inPhase('expired')}>
          {(s) => (
            <>
              <h1>{t(s().phase === 'failed' ? 'success_failed_title' : 'success_expired_title')}</h1>
              <p>{t(s().phase === 'failed' ? 'success_failed' : 'success_expired')}</p>
              <A href={`${localePath('/')}${plan ? '#plans' : '#packs'}`} class="button primary">
                {t('try_again')}
              </A>
            </>
          )}
        </Match>
        <Match when={inPhase('refunded')}>
          <h1>{t('success_refunded_title')}</h1>
          <p>{t('success_refunded')}</p>
          <A href={localePath('/')} class="button">
            {t('back_home')}
          </A>
        </Match>
        <Match when={inPhase('not_found')}>
          {(s) => (
            <>
              <h1>{t('success_not_found_title')}</h1>
              <p>{t('success_not_found')}</p>
              <Show when={s().sessionId}>
                <SessionRef id={s().sessionId} />
              </Show>
              <A href={localePath('/')} class="button">
                {t('back_home')}
              </A>
            </>
          )}
        </Match>
        <Match when={inPhase('signed_out')}>
          <SignedOut />
        </Match>
      </Switch>
      {/* Always in the DOM, so screen readers are listening before the text changes. */}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement(state())}
      </div>
    </>
  );
}

export default function SuccessPage() {
  const [search] = useSearchParams();
  const sessionId = typeof search.session_id === 'string' && search.session_id ? search.session_id : undefined;
  usePageTitle(() => t('success_title'));

  return (
    <section class="card narrow success">
      <Switch>
        <Match when={user() === undefined}>
          <div class="spinner" aria-hidden="true" />
          <p class="muted">{t('loading')}</p>
        </Match>
        <Match when={user() === null}>
          <SignedOut />
        </Match>
        <Match when={user()}>
          <SuccessFlow sessionId={sessionId} />
        </Match>
      </Switch>
    </section>
  );
}
