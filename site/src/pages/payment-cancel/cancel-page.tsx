// /{locale}/payment/cancel: Stripe's cancel_url. Nothing was charged; say so and offer the packs again.
import { A } from '@solidjs/router';
import { localePath, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';

export default function CancelPage() {
  usePageTitle(() => t('cancel_title'));
  return (
    <section class="card narrow">
      <h1>{t('cancel_title')}</h1>
      <p>{t('cancel_body')}</p>
      <A href={`${localePath('/')}#packs`} class="button">
        {t('back_to_packs')}
      </A>
    </section>
  );
}
