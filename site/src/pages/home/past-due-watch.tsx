// On every signed-in page: keeps the subscription current (subscription-store.ts) and, only while a renewal
// has failed, shows the past-due banner, whose code, words and styles load then (the rest of the time no page
// pays for them).
import { ErrorBoundary, Show } from 'solid-js';
import { lazyPage } from '../../lib/lazy-page';
import type { PlansClient } from './plans-data';
import { showsPastDueBanner } from './subscription-phase';
import { subscription, trackSubscription } from './subscription-store';

// lazyPage: the chunk's retries and reload-to-new-build, and its words loaded before it renders.
const PastDueBanner = lazyPage(() => import('./subscription-banner'));

export function PastDueWatch(props: { client: Pick<PlansClient, 'subscription' | 'portal'> }) {
  trackSubscription(props.client.subscription);
  return (
    <Show when={showsPastDueBanner(subscription() ?? null)}>
      {/* A banner that cannot load even after the retries leaves the header as it is, never a broken page. */}
      <ErrorBoundary fallback={null}>
        <PastDueBanner client={props.client} />
      </ErrorBoundary>
    </Show>
  );
}

// The layout loads this module lazily (pages/locale-layout.tsx).
export default PastDueWatch;
