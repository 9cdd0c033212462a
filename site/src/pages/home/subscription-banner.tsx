// The past-due banner under the header on every signed-in page: the renewal failed, so the next allowance
// waits; one button opens the billing portal to fix the card.
import { createSignal, Show } from 'solid-js';
import { type PlansClient, plansErrorNotice } from './plans-data';
import { noticeText, type PlansNotice, st } from './subscription-i18n';
import { subscription, trackSubscription } from './subscription-store';
import { showsPastDueBanner } from './subscription-view';
import './plans.css';

export function PastDueBanner(props: { client: Pick<PlansClient, 'subscription' | 'portal'> }) {
  trackSubscription(props.client.subscription);
  const [opening, setOpening] = createSignal(false);
  const [error, setError] = createSignal<PlansNotice>();
  const open = async () => {
    if (opening()) return;
    setOpening(true);
    setError(undefined);
    try {
      location.assign((await props.client.portal()).url);
    } catch (e) {
      setOpening(false);
      setError(plansErrorNotice(e));
    }
  };

  return (
    <Show when={showsPastDueBanner(subscription() ?? null)}>
      <div class="past-due-banner" role="status">
        <span>{st('past_due_banner')}</span>
        <button type="button" class="link-button" disabled={opening()} aria-busy={opening()} onClick={open}>
          {opening() ? st('sub_opening_portal') : st('past_due_link')}
        </button>
        <Show when={error()}>{(e) => <span>{noticeText(e())}</span>}</Show>
      </div>
    </Show>
  );
}
