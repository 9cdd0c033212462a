// Registers the error sentences only starting a Checkout (a pack or a plan) can meet, for the modules that start
// one (pack-checkout.ts, pages/home/plans-data.ts): imported for that effect, so they load with those pages only.
import { areaErrorMessages } from './error-messages';

areaErrorMessages({
  en: () => import('./purchase-error-messages.en'),
  zh: () => import('./purchase-error-messages.zh'),
});
