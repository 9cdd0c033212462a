// /{locale}/admin/events: Stripe's events as the webhook handled them (type, outcome, user, time), newest
// first, filtered by type, outcome and user (kept in the URL, so a filtered view can be shared).
import { A, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { adminApi } from '../../lib/admin-api';
import { formatDateTime, locale, localePath } from '../../lib/i18n';
import { at } from './admin-i18n';
import { orNone } from './admin-ui';
import { PagedTablePage } from './paged-table-page';

type Filter = { type?: string; outcome?: string; user?: string };
const FIELDS = ['type', 'outcome', 'user'] as const;

export default function EventsPage() {
  const [params, setParams] = useSearchParams<Filter>();
  const filter = (): Filter => ({ type: params.type, outcome: params.outcome, user: params.user });
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    setParams(Object.fromEntries(FIELDS.map((f) => [f, String(data.get(f) ?? '').trim() || undefined])));
  };
  return (
    <>
      <form class="row" aria-label={at('events_filter')} onSubmit={onSubmit}>
        <For each={FIELDS}>
          {(f) => (
            <div class="field">
              <label for={`events-${f}`}>{at(`filter_${f}`)}</label>
              <input id={`events-${f}`} name={f} value={params[f] ?? ''} autocomplete="off" />
            </div>
          )}
        </For>
        <button type="submit" class="button">
          {at('filter_apply')}
        </button>
      </form>
      {/* Keyed on the filter: a new filter starts a new paged list. */}
      <For each={[JSON.stringify(filter())]}>{() => <EventsTable filter={filter()} />}</For>
    </>
  );
}

function EventsTable(props: { filter: Filter }) {
  return (
    <PagedTablePage
      id="events"
      title="events_title"
      empty="events_empty"
      load={(cursor) =>
        adminApi.events(cursor, props.filter).then((p) => ({ items: p.events, nextCursor: p.nextCursor }))
      }
      idOf={(e) => e.id}
      columns={[
        { head: () => at('col_time'), cell: (e) => formatDateTime(locale(), e.createdAt) },
        { head: () => at('col_type'), cell: (e) => e.type },
        { head: () => at('col_outcome'), cell: (e) => orNone(e.outcome) },
        {
          head: () => at('col_user'),
          cell: (e) => (
            <Show when={e.userId} fallback={at('none')}>
              {(id) => <A href={localePath(`/admin/users/${encodeURIComponent(id())}`)}>{e.email ?? id()}</A>}
            </Show>
          ),
        },
        { head: () => at('col_id'), cell: (e) => e.id, class: 'mono' },
      ]}
    />
  );
}
