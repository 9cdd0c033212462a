// The home page's words about the balance: what it buys, a low-balance notice, credits expiring soon, and the active lots.
import { Show } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { api, type Lot } from '../../lib/api';
import { expiresSoon, isLowBalance, TYPICAL_RENDER, TYPICAL_RENDER_COST, typicalRenders } from '../../lib/credits-buy';
import { followBalance } from '../../lib/follow-balance';
import { formatDateTime, formatDay, formatNumber, locale, t } from '../../lib/i18n';
import { kindText } from '../../lib/ledger-kinds';
import { balance } from '../../lib/live-balance';
import { type HomeWord, hm } from './home-words';

const SOURCE_KEYS: Record<Lot['source'], HomeWord> = {
  purchase: 'source_purchase',
  subscription: 'source_subscription',
  grant: 'source_grant',
};

/** A lot's source; one newer than this code reads as the ledger's "Other". */
function sourceLabel(source: Lot['source']): string {
  const key: HomeWord | undefined = SOURCE_KEYS[source];
  return key ? hm(key) : kindText('kind_unknown');
}

export function CreditsSummary() {
  return (
    <Show when={balance()}>
      {(b) => (
        <>
          <p>
            {hm('buys_renders_balance', {
              n: typicalRenders(b().credits),
              s: TYPICAL_RENDER.seconds,
              res: TYPICAL_RENDER.resolution,
            })}
          </p>
          <Show when={isLowBalance(b().credits)}>
            <p role="status" class="notice">
              {hm('low_balance', { cost: TYPICAL_RENDER_COST })} <a href="#packs">{t('low_balance_link')}</a>
            </p>
          </Show>
          <Show when={expiresSoon(b().expiring) ? b().expiring : undefined}>
            {(e) => (
              <p role="status" class="notice">
                {t('expiring_notice', { credits: e().credits, date: formatDay(locale(), e().at) })}
              </p>
            )}
          </Show>
        </>
      )}
    </Show>
  );
}

export function LotsList() {
  // Every accepted balance change may have drawn from a lot (or added one).
  const lots = followBalance(() => api.lots());

  return (
    <section aria-labelledby="lots-title">
      <h2 id="lots-title">{hm('lots_title')}</h2>
      <Loaded when={lots()} empty={<p class="muted">{hm('lots_empty')}</p>}>
        {(list) => (
          // Scrolls sideways on a phone: focusable and named, like the activity table.
          <DataTable
            label={hm('lots_title')}
            rows={list()}
            columns={[
              { head: () => hm('lot_source'), cell: (lot) => sourceLabel(lot.source) },
              { head: () => hm('lot_remaining'), cell: (lot) => formatNumber(locale(), lot.remaining), class: 'num' },
              {
                head: () => hm('lot_expires'),
                cell: (lot) => (lot.expiresAt ? formatDateTime(locale(), lot.expiresAt) : hm('lot_never')),
              },
            ]}
          />
        )}
      </Loaded>
    </section>
  );
}
