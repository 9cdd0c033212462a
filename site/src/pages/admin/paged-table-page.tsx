// A console page that is one "more"-paged table (events, audit): heading, API alert, loading/empty, table,
// "More"; and that table alone, for a paged list inside a page (a webhook endpoint's deliveries).
import { onMount, Show } from 'solid-js';
import { type Column, DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { usePageTitle } from '../../lib/page-title';
import type { Paged } from './admin-forms';
import { type AdminKey, at } from './admin-i18n';
import { ErrorAlert } from './admin-ui';
import { createPagedList, type PagedList } from './paged-list';

export function PagedTablePage<T>(props: {
  /** The heading's id prefix (`events` → `events-title`). */
  id: string;
  title: AdminKey;
  empty: AdminKey;
  load: (cursor?: string) => Promise<Paged<T>>;
  idOf: (item: T) => string | number;
  columns: Column<T>[];
}) {
  usePageTitle(() => at(props.title));
  const paged = createPagedList(props.load, props.idOf);
  onMount(paged.first);
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h1 id={`${props.id}-title`}>{at(props.title)}</h1>
      <PagedTable
        paged={paged}
        label={at('table_label', { title: at(props.title) })}
        empty={at(props.empty)}
        columns={props.columns}
      />
    </section>
  );
}

/** A paged list's table under its heading: the API alert, loading/empty, the rows, and "More" while there are more. */
export function PagedTable<T>(props: { paged: PagedList<T>; label: string; empty: string; columns: Column<T>[] }) {
  const paged = props.paged;
  return (
    <>
      <ErrorAlert error={paged.error()} />
      <Loaded when={paged.list()?.items} failed={paged.error()} empty={<p>{props.empty}</p>}>
        {(items) => (
          <>
            <DataTable label={props.label} columns={props.columns} rows={items()} />
            <Show when={paged.list()?.nextCursor}>
              <button type="button" class="button" disabled={paged.loading()} onClick={paged.more}>
                {at('more')}
              </button>
            </Show>
          </>
        )}
      </Loaded>
    </>
  );
}
