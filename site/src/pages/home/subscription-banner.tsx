// The past-due banner under the header: the renewal failed, so the next allowance waits; one button opens the
// billing portal to fix the card. Loaded only when it shows (past-due-watch.tsx), with its words and styles.
import { createSignal, Show } from 'solid-js';
import { type PlansClient, plansErrorNotice } from './plans-data';
import { noticeText, type PlansNotice, st } from './subscription-i18n';
import './plans.css';

export default function PastDueBanner(props: { client: Pick<PlansClient, 'portal'> }) {
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
    <div class="past-due-banner" role="status">
      <span>{st('past_due_banner')}</span>
      <button type="button" class="link-button" disabled={opening()} aria-busy={opening()} onClick={open}>
        {opening() ? st('sub_opening_portal') : st('past_due_link')}
      </button>
      <Show when={error()}>{(e) => <span>{noticeText(e())}</span>}</Show>
    </div>
  );
}
