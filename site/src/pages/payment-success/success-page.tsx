// /{locale}/payment/success?session_id=…: where Stripe sends the buyer; shows honestly whether the credits have landed yet.

import { A, useLocation, useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, Match, Show, Switch } from 'solid-js';
import { CountUp } from '../../components/count-up';
import { signinHref } from '../../components/require-auth';
import { credits, formatDateTime, locale, localePath, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { user } from '../../lib/session';
import { subscriptionSuccessWords } from '../home/subscription-success';
import { PaymentRef, SupportContact } from './payment-ref';
import { pw } from './payment-words';
import { createSuccessFlow } from './success-data';
import type { SuccessState } from './success-state';

/** The document title says what happened (a tab in the background, a screen reader's first words). */
function titleOf(state: SuccessState): string {
  switch (state.phase) {
    case 'waiting':
      // A reload of a page that already showed the credit: nothing new is being added.
      return state.shownBefore ? pw('checking') : pw('title_waiting');
    case 'credited':
      return pw(state.already ? 'title_already' : 'title_credited', { credits: credits(state.credits) });
    case 'processing':
      return t('success_processing_title');
    case 'failed':
      return t('success_failed_title');
    case 'expired':
      return t('success_expired_title');
    case 'refunded':
      return t('success_refunded_title');
    case 'not_found':
      return t('success_not_found_title');
    case 'signed_out':
      return t('success_signed_out_title');
  }
}

/** What the polite live region says for a state; empty while nothing new is known. */
function announcement(state: SuccessState): string {
  switch (state.phase) {
    case 'waiting':
      return state.slow ? t('success_slow') : '';
    case 'credited':
      // Old news is not announced again: a reload must not sound like a new credit.
      if (state.already) return '';
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
  return <PaymentRef id={props.id} />;
}

function AlreadyCredited(props: { credits: number; creditedAt: string | null }) {
  return (
    <>
      <h1>{pw('already_heading', { credits: credits(props.credits) })}</h1>
      <p>
        {props.creditedAt
          ? pw('already_when', { date: formatDateTime(locale(), props.creditedAt) })
          : pw('already_no_when')}
      </p>
    </>
  );
}

function SuccessFlow(props: { sessionId: string | undefined; onTitle: (title: string) => void }) {
  const state = createSuccessFlow(props.sessionId);
  createEffect(() => props.onTitle(titleOf(state())));
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
              <h1>{s().shownBefore ? pw('checking') : (plan?.waiting() ?? t('success_waiting'))}</h1>
              <p class="muted">{t('success_elapsed', { s: Math.floor(s().elapsedMs / 1000) })}</p>
              <Show when={s().slow}>
                <p>{t('success_slow')}</p>
                <SessionRef id={s().sessionId} />
                <SupportContact sessionId={s().sessionId} />
              </Show>
            </>
          )}
        </Match>
        <Match when={inPhase('credited')}>
          {(s) => (
            <>
              <Show
                when={s().already}
                fallback={
                  <>
                    <h1 class="credited">
                      {plan?.credited(s().credits) ?? t('success_credited', { credits: s().credits })}
                    </h1>
                    <p class="new-balance">
                      <span class="muted">{t('success_new_balance')}</span>{' '}
                      <strong>
                        <CountUp from={s().balance - s().credits} to={s().balance} format={credits} />
                      </strong>
                    </p>
                  </>
                }
              >
                <AlreadyCredited credits={s().credits} creditedAt={s().creditedAt} />
              </Show>
              <div class="row">
                <A href={localePath('/')} class="button primary">
                  {t('back_home')}
                </A>
                <A href={localePath('/history')} class="button">
                  {pw('see_history')}
                </A>
              </div>
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
  const [flowTitle, setFlowTitle] = createSignal<string>();
  usePageTitle(() =>
    user() ? (flowTitle() ?? t('success_title')) : user() === null ? t('success_signed_out_title') : t('success_title'),
  );

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
          <SuccessFlow sessionId={sessionId} onTitle={setFlowTitle} />
        </Match>
      </Switch>
    </section>
  );
}
