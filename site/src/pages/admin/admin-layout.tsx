// /{locale}/admin/*: signed-in operators get the console's navigation and page; anyone else a clear "not allowed".
import { A, type RouteSectionProps } from '@solidjs/router';
import { Show } from 'solid-js';
import { RequireAuth } from '../../components/require-auth';
import { localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { user } from '../../lib/session';
import { at } from './admin-i18n';

function NotAllowed() {
  usePageTitle(() => at('forbidden_title'));
  return (
    <section class="card narrow">
      <h1>{at('forbidden_title')}</h1>
      <p>{at('forbidden_body')}</p>
    </section>
  );
}

export default function AdminLayout(props: RouteSectionProps) {
  return (
    <RequireAuth>
      <Show when={user()?.role === 'operator'} fallback={<NotAllowed />}>
        <nav aria-label={at('nav_admin')} class="admin-nav">
          <A href={localePath('/admin')} end>
            {at('nav_users')}
          </A>
          <A href={localePath('/admin/events')}>{at('nav_events')}</A>
          <A href={localePath('/admin/keys')}>{at('nav_keys')}</A>
          <A href={localePath('/admin/webhooks')}>{at('nav_webhooks')}</A>
          <A href={localePath('/admin/audit')}>{at('nav_audit')}</A>
          <A href={localePath('/admin/reconciliation')}>{at('nav_reconciliation')}</A>
        </nav>
        {props.children}
      </Show>
    </RequireAuth>
  );
}
