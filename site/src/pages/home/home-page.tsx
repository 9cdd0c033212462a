// /{locale}: the balance, the packs to buy, a demo spend, and the recent ledger.
import { A, useLocation } from '@solidjs/router';
import { Show } from 'solid-js';
import { balanceText } from '../../components/balance-badge';
import { DataTable } from '../../components/data-table';
import { Loaded, NoticeLine } from '../../components/loaded';
import { PackCards } from '../../components/packs-offer';
import { signedInPage } from '../../components/require-auth';
import { formatDateTime, formatDelta, formatNumber, locale, localePath, t } from '../../lib/i18n';
import { kindText, rowKindLabelKey } from '../../lib/ledger-kinds';
import { plansApi } from '../../lib/plans-api';
import { CreditsSummary, LotsList } from './credits-summary';
import { DuplicateSubscriptionNotice } from './duplicate-notice';
import { createHomeData, type Notice } from './home-data';
import { hm } from './home-words';
import { plansClient } from './plans-client';
import { createPlansData } from './plans-data';
import { PlansSection } from './plans-section';
import { SubscriptionCredits } from './subscription-credits';
import { TopupSwitch } from './topup-switch';

function noticeText(notice: Notice): string {
  if (!('key' in notice)) return notice.text;
  return notice.key === 'error_network' || notice.key === 'error_generic' ? t(notice.key) : hm(notice.key);
}

function Home() {
  const data = createHomeData();
  // The pack chosen on the landing page before signing up ("Sign up to buy", ?pack=), read from the
  // location itself: useSearchParams here did not see it after sign-up's navigate (seen in e2e/user-side).
  const location = useLocation();
  const chosen = () => new URLSearchParams(location.search).get('pack') ?? undefined;
  const plans = createPlansData(plansClient, locale);

  return (
    <>
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title">{hm('home_title')}</h1>
        <p class="hero-balance">{balanceText()}</p>
        <p class="muted">{hm('home_balance_caption')}</p>
        <CreditsSummary />
        <TopupSwitch />
        <SubscriptionCredits data={plans} />
      </section>

      <LotsList />

      <DuplicateSubscriptionNotice load={plansApi.subscriptionNotice} plans={plans.plans()} />
      <PlansSection data={plans} />

      <section id="packs" aria-labelledby="packs-title">
        <h2 id="packs-title">{t('packs_title')}</h2>
        <NoticeLine text={noticeText} notice={data.packsError()} />
        <NoticeLine text={noticeText} notice={data.buyError()} />
        <Loaded when={data.packs()} failed={data.packsError()} empty={<p class="muted">{hm('packs_empty')}</p>}>
          {(packs) => (
            <PackCards
              packs={packs()}
              buying={data.buying}
              buy={data.buy}
              chosen={chosen()}
              chosenLabel={hm('pack_chosen')}
            />
          )}
        </Loaded>
      </section>

      <section aria-labelledby="spend-title">
        <h2 id="spend-title">{hm('spend_title')}</h2>
        <Show
          when={data.confirmingSpend()}
          fallback={
            <div class="row">
              <button
                type="button"
                class="button"
                disabled={data.spending()}
                aria-busy={data.spending()}
                onClick={data.askSpend}
              >
                {hm('spend_demo')}
              </button>
            </div>
          }
        >
          {/* The question takes the button's place; focus moves to it so a keyboard user hears it. */}
          <div class="row" role="group" aria-labelledby="spend-confirm">
            <p id="spend-confirm">{hm('spend_confirm')}</p>
            <button
              type="button"
              class="button primary"
              ref={(el) => queueMicrotask(() => el.focus())}
              onClick={data.spendDemo}
            >
              {hm('spend_confirm_yes')}
            </button>
            <button type="button" class="button" onClick={data.cancelSpend}>
              {hm('spend_confirm_no')}
            </button>
          </div>
        </Show>
        <NoticeLine text={noticeText} notice={data.spendNotice()} />
      </section>

      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">{hm('ledger_title')}</h2>
        <NoticeLine text={noticeText} notice={data.ledgerError()} />
        <Loaded when={data.ledger()} failed={data.ledgerError()} empty={<p class="muted">{hm('ledger_empty')}</p>}>
          {(entries) => (
            // Named like its heading: on a phone the table scrolls sideways in a focusable region.
            <DataTable
              label={hm('ledger_title')}
              rows={entries()}
              columns={[
                { head: () => hm('ledger_date'), cell: (entry) => formatDateTime(locale(), entry.createdAt) },
                { head: () => hm('ledger_kind'), cell: (entry) => kindText(rowKindLabelKey(entry)) },
                {
                  head: () => hm('ledger_delta'),
                  cell: (entry) => formatDelta(locale(), entry.delta),
                  class: 'num',
                  tone: (entry) => (entry.delta > 0 ? 'positive' : entry.delta < 0 ? 'negative' : undefined),
                },
                {
                  head: () => hm('ledger_balance_after'),
                  cell: (entry) => formatNumber(locale(), entry.balanceAfter),
                  class: 'num',
                },
              ]}
            />
          )}
        </Loaded>
        <p>
          <A href={localePath('/history')}>{hm('ledger_see_all')}</A>
        </p>
      </section>
    </>
  );
}

export default signedInPage(() => hm('home_title'), Home);
