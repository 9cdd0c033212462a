// The packs, offered right where credits ran out (the Studio's 402): name, credits, what they buy, price and Buy.
import { createSignal, For, Show } from 'solid-js';
import { ApiError, api, type Pack } from '../lib/api';
import { TYPICAL_RENDER, typicalRenders } from '../lib/credits-buy';
import { formatMoney, locale, localePath, t } from '../lib/i18n';
import { packName } from '../lib/pack-name';
import { pendingKey } from '../lib/pending-key';

export function PacksOffer() {
  const [packs, setPacks] = createSignal<Pack[]>();
  const [buying, setBuying] = createSignal<string>();
  const [failed, setFailed] = createSignal(false);
  api
    .packs()
    .then(setPacks)
    .catch(() => setFailed(true));

  // The same pending key as the home page's Buy: a retry can't open a second Checkout Session.
  const buyKey = pendingKey('buy');
  const buy = async (packId: string) => {
    if (buying()) return;
    setBuying(packId);
    const lang = locale();
    try {
      const { url } = await api.createCheckout(packId, {
        locale: lang,
        idempotencyKey: buyKey.take(`${packId}:${lang}`),
      });
      buyKey.settle();
      location.assign(url);
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) buyKey.settle();
      setBuying(undefined);
      setFailed(true);
    }
  };

  return (
    <section class="packs-offer" aria-label={t('packs_title')}>
      <Show when={failed()}>
        <p>
          <a href={`${localePath('/')}#packs`}>{t('low_balance_link')}</a>
        </p>
      </Show>
      <ul class="packs">
        <For each={packs()}>
          {(pack) => (
            <li class="card pack">
              <h3>{packName(pack)}</h3>
              <p class="pack-credits">{t('pack_credits', { credits: pack.credits })}</p>
              <p class="muted">{t('buys_renders', { n: typicalRenders(pack.credits), s: TYPICAL_RENDER.seconds })}</p>
              <p class="pack-price">{formatMoney(locale(), pack.amount, pack.currency)}</p>
              <button
                type="button"
                class="button primary"
                disabled={buying() !== undefined}
                aria-busy={buying() === pack.id}
                onClick={() => buy(pack.id)}
              >
                {buying() === pack.id ? t('buy_redirecting') : t('buy')}
                <span class="visually-hidden"> {packName(pack)}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
