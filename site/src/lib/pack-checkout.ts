// Buying a pack: one Checkout Session per choice, whoever offers the packs (home, the Studio's offer).
import { createSignal, onCleanup } from 'solid-js';
import { ApiError } from './api';
import { creditsApi } from './credits-api';
import { locale } from './i18n';
import { pendingKey } from './pending-key';
import './purchase-errors'; // its sentences (unknown_pack, …) load with the pages that buy

/** `buy(packId)` opens Checkout; `buying()` is the pack on its way there; `failed` hears why it did not. */
export function createPackCheckout(on: { start?: () => void; failed: (error: unknown) => void }) {
  const [buying, setBuying] = createSignal<string>();
  // A retry after an unknown outcome (a reload included) reuses the key, so the server hands back
  // the Checkout Session it already made instead of a second one.
  const buyKey = pendingKey('buy');
  const buy = async (packId: string) => {
    if (buying()) return;
    setBuying(packId);
    on.start?.();
    const lang = locale();
    try {
      const { url } = await creditsApi.createCheckout(packId, {
        locale: lang,
        idempotencyKey: buyKey.take(`${packId}:${lang}`),
      });
      buyKey.settle();
      location.assign(url); // stay "buying" while the browser leaves, so a second click can't open a second session
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) buyKey.settle();
      setBuying(undefined);
      on.failed(error);
    }
  };

  // Back from Stripe via the back button, the page may come out of the back/forward cache still
  // "buying": let the user choose again.
  const onPageShow = (event: PageTransitionEvent) => event.persisted && setBuying(undefined);
  window.addEventListener('pageshow', onPageShow);
  onCleanup(() => window.removeEventListener('pageshow', onPageShow));

  return { buying, buy };
}
