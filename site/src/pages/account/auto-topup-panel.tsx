// Auto top-up on the account page: the saved card (save or replace it through a setup Checkout), the
// threshold, pack and monthly limit, the status and why it is paused, and what the user agrees to.
// Kept fresh without a reload: a card saved by a webhook after the redirect back, and an attempt
// (or a pause) settled after a spend pushed on the live socket (topup-refresh.ts).
import { createEffect, createResource, createSignal, For, Show } from 'solid-js';
import { accountApi } from '../../lib/account-api';
import { ApiError, type AutoTopup } from '../../lib/api';
import { creditsApi } from '../../lib/credits-api';
import { formatDateTime, formatMoney, locale } from '../../lib/i18n';
import { type AccountKey, act } from './account-i18n';
import { keepTopupFresh } from './topup-live';
import { cardKey, createRefresher, rememberCardBefore, takeCardBefore } from './topup-refresh';

export function AutoTopupPanel() {
  const [settings, { mutate }] = createResource(() => accountApi.autoTopup());
  const [packs] = createResource(() => creditsApi.packs());
  const [message, setMessage] = createSignal<{ tone: 'ok' | 'error'; text: string }>();
  const [pending, setPending] = createSignal(false);
  const cardSaved = new URLSearchParams(globalThis.location?.search ?? '').get('card') === 'saved';

  // The form shows the settings as loaded or last saved, never a background re-read: re-rendering it
  // from one would undo what the user is typing (e2e/auto-topup.test.ts saw the box unticked mid-edit).
  const [formView, setFormView] = createSignal<AutoTopup>();
  createEffect(() => {
    const loaded = settings();
    if (loaded && !formView()) setFormView(loaded);
  });

  const refresher = createRefresher({ read: () => accountApi.autoTopup(), apply: (view) => mutate(view) });
  // Back from the setup Checkout: its webhook may not have stored the card yet; read until the card
  // shown differs from the one shown before leaving.
  if (cardSaved) {
    const before = takeCardBefore();
    void refresher.until((view) => cardKey(view) !== before);
  }
  keepTopupFresh(settings, refresher);

  const failed = (err: unknown) =>
    setMessage({ tone: 'error', text: err instanceof ApiError ? err.message : act('err_generic') });

  const saveCard = async () => {
    setPending(true);
    try {
      const { url } = await accountApi.saveCard(locale());
      rememberCardBefore(settings());
      globalThis.location.assign(url);
    } catch (err) {
      failed(err);
      setPending(false);
    }
  };

  // Paused for authentication: the same pack bought on-session (the bank asks the user there), saving
  // the card again, which ends the pause.
  const buyOnSession = async (packId: string) => {
    setPending(true);
    try {
      const { url } = await creditsApi.createCheckout(packId, { locale: locale(), saveCard: true });
      globalThis.location.assign(url);
    } catch (err) {
      failed(err);
      setPending(false);
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setPending(true);
    setMessage(undefined);
    try {
      const saved = await accountApi.saveAutoTopup({
        enabled: form.get('enabled') === 'on',
        thresholdCredits: Number(form.get('threshold')),
        packId: String(form.get('pack')),
        monthlyLimitCents: Math.round(Number(form.get('limit')) * 100),
      });
      refresher.stop(); // a read still in flight started before this save: it must not undo it
      mutate(saved);
      setFormView(saved);
      setMessage({ tone: 'ok', text: act('topup_saved') });
    } catch (err) {
      failed(err);
    } finally {
      setPending(false);
    }
  };

  const statusText = (s: AutoTopup) => act(`topup_status_${s.status}` as AccountKey);

  return (
    <section class="card" aria-labelledby="topup-title">
      <h2 id="topup-title">{act('topup_title')}</h2>
      <p class="muted">{act('topup_caption')}</p>
      <Show when={cardSaved}>
        <p role="status" class="notice ok">
          {act('topup_card_saved')}
        </p>
      </Show>
      <Show when={settings()} fallback={<p class="muted">…</p>}>
        {(s) => (
          <>
            <p>
              <Show when={s().card} fallback={act('topup_no_card')}>
                {(card) =>
                  act('topup_card', {
                    brand: card().brand,
                    last4: card().last4,
                    exp: `${String(card().expMonth).padStart(2, '0')}/${card().expYear}`,
                  })
                }
              </Show>{' '}
              <button type="button" class="button" disabled={pending()} onClick={saveCard}>
                {s().card ? act('topup_replace_card') : act('topup_save_card')}
              </button>
            </p>
            <p role="status" class="topup-status">
              <strong>{statusText(s())}</strong>{' '}
              {act('topup_charged', { amount: formatMoney(locale(), s().chargedThisMonthCents, 'usd') })}
            </p>
            <Show when={s().status === 'paused_authentication'}>
              <p>
                <button
                  type="button"
                  class="button primary"
                  disabled={pending()}
                  onClick={() => buyOnSession(s().packId)}
                >
                  {act('topup_buy_now')}
                </button>
              </p>
            </Show>
            <Show when={s().lastAttempt}>
              {(last) => (
                <p class="muted small">
                  {act('topup_last', {
                    when: formatDateTime(locale(), last().at),
                    outcome: last().message ?? last().outcome,
                  })}
                </p>
              )}
            </Show>
            <form class="stack" onSubmit={submit}>
              <label>
                <input type="checkbox" name="enabled" checked={formView()?.enabled} /> {act('topup_enabled')}
              </label>
              <label>
                {act('topup_threshold')}
                <input
                  type="number"
                  name="threshold"
                  min="1"
                  max="1000000"
                  step="1"
                  value={formView()?.thresholdCredits}
                />
              </label>
              <label>
                {act('topup_pack')}
                <select name="pack">
                  <For each={packs() ?? []}>
                    {(p) => (
                      <option value={p.id} selected={p.id === formView()?.packId}>
                        {p.names[locale()]} — {formatMoney(locale(), p.amount, p.currency)}
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <label>
                {act('topup_limit')}
                <input
                  type="number"
                  name="limit"
                  min="1"
                  max="1000"
                  step="1"
                  value={(formView()?.monthlyLimitCents ?? 0) / 100}
                />
              </label>
              <p class="muted small">{act('topup_consent')}</p>
              <div class="row">
                <button type="submit" class="button primary" disabled={pending()}>
                  {act('topup_submit')}
                </button>
              </div>
            </form>
          </>
        )}
      </Show>
      <Show when={message()}>
        {(m) => (
          <p role={m().tone === 'error' ? 'alert' : 'status'} class={m().tone === 'error' ? 'alert' : 'notice ok'}>
            {m().text}
          </p>
        )}
      </Show>
    </section>
  );
}
