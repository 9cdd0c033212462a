// The header's live balance: "1,000 credits" plus a dot saying whether the live socket is up.
import { credits, t } from '../lib/i18n';
import { balance, connected } from '../lib/live-balance';

/** "1,000 credits", or an ellipsis until the first number arrives. Reactive. */
export function balanceText(): string {
  const current = balance();
  return current ? credits(current.credits) : t('balance_loading');
}

export function BalanceBadge() {
  return (
    <span class="balance-badge">
      <output aria-label={t('balance_label')} class="balance-value">
        {balanceText()}
      </output>
      <span
        class="live-dot"
        classList={{ 'is-live': connected() }}
        role="img"
        aria-label={connected() ? t('live_on') : t('live_off')}
        title={connected() ? t('live_on') : t('live_off')}
      />
    </span>
  );
}
