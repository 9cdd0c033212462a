// The header's live balance: "1,000 credits" (a link to the packs), "40 reserved" while a hold is active, and a live dot.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { showsReserved } from '../lib/balance-flags';
import { credits, localePath, t } from '../lib/i18n';
import { balance, type LiveStatus, liveSettled, liveStatus } from '../lib/live-balance';

/** "1,000 credits", or an ellipsis until the first number arrives. Reactive. */
export function balanceText(): string {
  const current = balance();
  return current ? credits(current.credits) : t('balance_loading');
}

const STATUS_LABEL = { live: 'live_on', reconnecting: 'live_reconnecting', offline: 'live_offline' } as const;
const STATUS_SHORT = { reconnecting: 'live_reconnecting_short', offline: 'live_offline_short' } as const;

export function BalanceBadge() {
  // Until the socket's first snapshot (or a real failure): the ellipsis and a plain dot, no number and no
  // "Offline", in the same box, so nothing jumps when the live balance arrives.
  const text = () => (liveSettled() ? balanceText() : t('balance_loading'));
  const label = () => t(STATUS_LABEL[liveStatus()]);
  const short = (): string | undefined => {
    const status: LiveStatus = liveStatus();
    return status === 'live' ? undefined : t(STATUS_SHORT[status]);
  };
  return (
    <span class="balance-badge">
      <A href={`${localePath('/')}#packs`} class="balance-link" aria-label={t('balance_buy_more', { balance: text() })}>
        {/* Not a live region: the page that shows a credit announces it (one announcement, not two). */}
        <output aria-label={t('balance_label')} aria-live="off" class="balance-value">
          {text()}
        </output>
      </A>
      <Show when={liveSettled() && showsReserved(balance()?.held) ? balance()?.held : undefined}>
        {(held) => (
          <output class="balance-reserved muted" aria-label={t('reserved', { n: held() })}>
            {t('reserved', { n: held() })}
          </output>
        )}
      </Show>
      <Show when={liveSettled()} fallback={<span class="live-dot" aria-hidden="true" />}>
        <span
          class="live-dot"
          classList={{ 'is-live': liveStatus() === 'live', 'is-offline': liveStatus() === 'offline' }}
          role="img"
          aria-label={label()}
          title={label()}
        />
        <Show when={short()}>
          {(text) => (
            <span class="live-state small muted" aria-hidden="true">
              {text()}
            </span>
          )}
        </Show>
      </Show>
    </span>
  );
}
