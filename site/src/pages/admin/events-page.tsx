// /{locale}/admin/events: Stripe's events as the webhook handled them (type, outcome, user, time), newest first.
import { A } from '@solidjs/router';
import { For, onMount, Show } from 'solid-js';
import { adminApi } from '../../lib/api';
import { formatDateTime, locale, localePath, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { at } from './admin-i18n';
import { ErrorAlert, orNone, TableWrap } from './admin-ui';
import { createPagedList } from './paged-list';

export default function EventsPage() {
  usePageTitle(() => at('events_title'));
  const events = createPagedList(
    (cursor) => adminApi.events(cursor).then((p) => ({ items: p.events, nextCursor: p.nextCursor })),
    (e) => e.id,
  );
  onMount(events.first);
  return (
    <section aria-labelledby="events-title">
      <h1 id="events-title">{at('events_title')}</h1>
      <ErrorAlert error={events.error()} />
      <Show
        when={events.list()}
        fallback={
          <Show when={!events.error()}>
            <p class="muted">{t('loading')}</p>
          </Show>
        }
      >
        {(list) => (
          <Show when={list().items.length > 0} fallback={<p>{at('events_empty')}</p>}>
            <TableWrap label={at('events_title')}>
              <table class="ledger">
                <thead>
                  <tr>
                    <th scope="col">{at('col_time')}</th>
                    <th scope="col">{at('col_type')}</th>
                    <th scope="col">{at('col_outcome')}</th>
                    <th scope="col">{at('col_user')}</th>
                    <th scope="col">{at('col_id')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list().items}>
                    {(e) => (
                      <tr>
                        <td>{formatDateTime(locale(), e.createdAt)}</td>
                        <td>{e.type}</td>
                        <td>{orNone(e.outcome)}</td>
                        <td>
                          <Show when={e.userId} fallback={at('none')}>
                            {(id) => <A href={localePath(`/admin/users/${encodeURIComponent(id())}`)}>{id()}</A>}
                          </Show>
                        </td>
                        <td class="mono">{e.id}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
            <Show when={list().nextCursor}>
              <button type="button" class="button" disabled={events.loading()} onClick={events.more}>
                {at('more')}
              </button>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
