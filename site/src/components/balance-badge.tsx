// The header's live balance: "1,000 credits" (a link to the packs), "40 reserved" while a hold is active, and a live dot.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { showsReserved } from '../lib/credits-buy';
import { credits, localePath, t } from '../lib/i18n';
import { balance, connected } from '../lib/live-balance';

/** "1,000 credits", or an ellipsis until the first number arrives. Reactive. */
export function balanceText(): string {
  const current = balance();
  return current ? credits(current.credits) : t('balance_loading');
}

export function BalanceBadge() {
  return (
    <span class="balance-badge">
      <A
        href={`${localePath('/')}#packs`}
        class="balance-link"
        aria-label={t('balance_buy_more', { balance: balanceText() })}
      >
        <output aria-label={t('balance_label')} class="balance-value">
          {balanceText()}
        </output>
      </A>
      <Show when={showsReserved(balance()?.held) ? balance()?.held : undefined}>
        {(held) => (
          <output class="balance-reserved muted" aria-label={t('reserved', { n: held() })}>
            {t('reserved', { n: held() })}
          </output>
        )}
      </Show>
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
