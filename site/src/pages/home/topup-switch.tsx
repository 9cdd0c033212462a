// Beside the balance on the home page: whether auto top-up is on, off or paused, a switch to turn it
// on or off (once a card is saved), and the way to its settings on the account page. A pause (or a
// top-up) after a spend on the live socket shows without a reload, as on the account panel.
import { A } from '@solidjs/router';
import { createResource, createSignal, Show } from 'solid-js';
import { type AutoTopup, request } from '../../lib/api';
import { creditsApi } from '../../lib/credits-api';
import { formatNumber, locale, localePath } from '../../lib/i18n';
import { packName } from '../../lib/pack-name';
import { keepTopupFresh } from '../account/topup-live';
import { createRefresher } from '../account/topup-refresh';
import { hm } from './home-words';

export function TopupSwitch() {
  const read = () => request<AutoTopup>('GET', '/api/auto-topup');
  const [settings, { mutate }] = createResource(read);
  const refresher = createRefresher({ read, apply: (view) => mutate(view) });
  keepTopupFresh(settings, refresher);
  const [packs] = createResource(() => creditsApi.packs());
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const toggle = async (s: AutoTopup) => {
    setPending(true);
    setError(undefined);
    try {
      const { enabled, thresholdCredits, packId, monthlyLimitCents } = s;
      const saved = await request<AutoTopup>('PUT', '/api/auto-topup', {
        enabled: !enabled,
        thresholdCredits,
        packId,
        monthlyLimitCents,
      });
      refresher.stop(); // a read still in flight started before this save: it must not undo it
      mutate(saved);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(false);
    }
  };

  const nameOf = (id: string) => {
    const pack = packs()?.find((p) => p.id === id);
    return pack ? packName(pack) : id;
  };

  const line = (s: AutoTopup) =>
    s.status === 'active'
      ? hm('topup_on', { n: formatNumber(locale(), s.thresholdCredits), pack: nameOf(s.packId) })
      : s.status.startsWith('paused')
        ? hm('topup_paused')
        : hm('topup_off');

  return (
    <Show when={settings()}>
      {(s) => (
        <div class="topup-switch row">
          <Show when={s().card}>
            <label>
              <input type="checkbox" checked={s().enabled} disabled={pending()} onChange={() => toggle(s())} />{' '}
              {hm('topup_switch')}
            </label>
          </Show>
          <span role="status">{line(s())}</span> <A href={localePath('/account')}>{hm('topup_settings')}</A>
          <Show when={error()}>
            {(e) => (
              <span role="alert" class="alert">
                {e()}
              </span>
            )}
          </Show>
        </div>
      )}
    </Show>
  );
}
