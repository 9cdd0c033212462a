// The notice a user gets when a second subscription of theirs was cancelled and refunded by the app
// (two devices or tabs subscribing at once: GET /api/subscription's `notice`, kept 30 days).
import { createResource } from 'solid-js';
import { NoticeLine } from '../../components/loaded';
import type { SubscriptionNotice } from '../../lib/api';
import { duplicateNoticeText } from './duplicate-notice-text';
import type { PlanOffer } from './plans-data';
import { planName } from './plans-section';

export function DuplicateSubscriptionNotice(props: {
  load: () => Promise<SubscriptionNotice | null>;
  plans: readonly PlanOffer[] | undefined;
}) {
  // A failed read shows nothing: the notice is information, never a blocker.
  const [notice] = createResource(() => props.load().catch(() => null));
  return (
    <NoticeLine
      notice={notice() ? { tone: 'info', notice: notice()! } : undefined}
      text={(n) => duplicateNoticeText(n.notice, planName(n.notice.planId, props.plans))}
    />
  );
}
