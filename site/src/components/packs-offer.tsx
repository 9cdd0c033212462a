// The pack cards (name, credits, what they buy, price and Buy), on home and offered where credits ran out (the Studio's 402).
import { type Accessor, createSignal, For, Show } from 'solid-js';
import type { Pack } from '../lib/api';
import { creditsApi } from '../lib/credits-api';
import { TYPICAL_RENDER, typicalRenders } from '../lib/credits-buy';
import { formatMoney, locale, localePath, t } from '../lib/i18n';
import { createPackCheckout } from '../lib/pack-checkout';
import { packName } from '../lib/pack-name';

/**
 * One card per pack; while one is on its way to Checkout, every Buy waits. `chosen`: the pack a visitor
 * picked before signing up ("Sign up to buy" on the landing page): marked with `chosenLabel`. Not focused
 * or scrolled to: focus stays on the new page's heading, as after every navigation (focus-heading.ts).
 */
export function PackCards(props: {
  packs: readonly Pack[];
  buying: Accessor<string | undefined>;
  buy: (id: string) => void;
  chosen?: string;
  chosenLabel?: string;
}) {
  return (
    <ul class="packs">
      <For each={props.packs}>
        {(pack) => (
          <li class="card pack" classList={{ 'is-chosen': props.chosen === pack.id }}>
            <h3>{packName(pack)}</h3>
            <Show when={props.chosen === pack.id && props.chosenLabel}>
              {(label) => <p class="pack-chosen">{label()}</p>}
            </Show>
            <p class="pack-credits">{t('pack_credits', { credits: pack.credits })}</p>
            <p class="muted">{t('buys_renders', { n: typicalRenders(pack.credits), s: TYPICAL_RENDER.seconds })}</p>
            <p class="pack-price">{formatMoney(locale(), pack.amount, pack.currency)}</p>
            <button
              type="button"
              class="button primary"
              disabled={props.buying() !== undefined}
              aria-busy={props.buying() === pack.id}
              onClick={() => props.buy(pack.id)}
            >
              {props.buying() === pack.id ? t('buy_redirecting') : t('buy')}
              <span class="visually-hidden"> {packName(pack)}</span>
            </button>
          </li>
        )}
      </For>
    </ul>
  );
}

export function PacksOffer() {
  const [packs, setPacks] = createSignal<Pack[]>([]);
  const [failed, setFailed] = createSignal(false);
  creditsApi
    .packs()
    .then(setPacks)
    .catch(() => setFailed(true));
  // The same pending key as the home page's Buy: a retry can't open a second Checkout Session.
  const { buying, buy } = createPackCheckout({ failed: () => setFailed(true) });

  return (
    <section class="packs-offer" aria-label={t('packs_title')}>
      <Show when={failed()}>
        <p>
          <a href={`${localePath('/')}#packs`}>{t('low_balance_link')}</a>
        </p>
      </Show>
      <PackCards packs={packs()} buying={buying} buy={buy} />
    </section>
  );
}
