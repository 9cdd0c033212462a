// /{locale}/goodbye: shown once an account is deleted; says what happened and offers a fresh start.
import { A } from '@solidjs/router';
import { localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { act } from './account-i18n';

export default function GoodbyePage() {
  usePageTitle(() => act('goodbye_title'));
  return (
    <section class="card narrow">
      <h1>{act('goodbye_title')}</h1>
      <p>{act('goodbye_body')}</p>
      <A href={localePath('/signup')} class="button">
        {act('goodbye_signup')}
      </A>
    </section>
  );
}
