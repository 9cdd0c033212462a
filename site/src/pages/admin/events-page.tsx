// /{locale}/admin/events: Stripe's events as the webhook handled them (type, outcome, user, time), newest first.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { adminApi } from '../../lib/admin-api';
import { formatDateTime, locale, localePath } from '../../lib/i18n';
import { at } from './admin-i18n';
import { orNone } from './admin-ui';
import { PagedTablePage } from './paged-table-page';

export default function EventsPage() {
  return (
    <PagedTablePage
      id="events"
      title="events_title"
      empty="events_empty"
      load={(cursor) => adminApi.events(cursor).then((p) => ({ items: p.events, nextCursor: p.nextCursor }))}
      idOf={(e) => e.id}
      columns={[
        { head: () => at('col_time'), cell: (e) => formatDateTime(locale(), e.createdAt) },
        { head: () => at('col_type'), cell: (e) => e.type },
        { head: () => at('col_outcome'), cell: (e) => orNone(e.outcome) },
        {
          head: () => at('col_user'),
          cell: (e) => (
            <Show when={e.userId} fallback={at('none')}>
              {(id) => <A href={localePath(`/admin/users/${encodeURIComponent(id())}`)}>{id()}</A>}
            </Show>
          ),
        },
        { head: () => at('col_id'), cell: (e) => e.id, class: 'mono' },
      ]}
    />
  );
}
