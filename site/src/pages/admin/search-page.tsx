// /{locale}/admin: find a user by email prefix or id; the query lives in the URL so back/forward keep it.
import { A, useSearchParams } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { adminApi } from '../../lib/admin-api';
import { credits, formatDateTime, locale, localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { at } from './admin-i18n';
import { ErrorAlert } from './admin-ui';
import { statusWord } from './status-words';

export default function SearchPage() {
  usePageTitle(() => at('search_title'));
  const [search, setSearch] = useSearchParams<{ q?: string }>();
  const query = () => (typeof search.q === 'string' ? search.q.trim() : '');
  const [users] = createResource(query, (q) => (q ? adminApi.searchUsers(q) : Promise.resolve(undefined)));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const q = String(new FormData(event.currentTarget as HTMLFormElement).get('q') ?? '').trim();
    setSearch({ q: q || undefined });
  };

  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">{at('search_title')}</h1>
      <form class="row" role="search" onSubmit={onSubmit}>
        <div class="field grow">
          <label for="admin-search">{at('search_label')}</label>
          <input id="admin-search" name="q" type="search" value={query()} autocomplete="off" />
        </div>
        <button type="submit" class="button primary">
          {at('search_submit')}
        </button>
      </form>
      <ErrorAlert error={users.error} />
      <Show when={!users.error && users()}>
        {(found) => (
          <Show when={found().length > 0} fallback={<p role="status">{at('search_empty', { q: query() })}</p>}>
            <DataTable
              label={at('nav_users')}
              rows={found()}
              columns={[
                {
                  head: () => at('col_email'),
                  cell: (u) => <A href={localePath(`/admin/users/${encodeURIComponent(u.id)}`)}>{u.email}</A>,
                },
                { head: () => at('col_balance'), cell: (u) => credits(u.credits), class: 'num' },
                { head: () => at('col_held'), cell: (u) => credits(u.held), class: 'num' },
                {
                  head: () => at('col_plan'),
                  cell: (u) => (u.plan ? `${u.plan.planId} · ${statusWord(u.plan.status)}` : at('none')),
                },
                { head: () => at('col_created'), cell: (u) => formatDateTime(locale(), u.createdAt) },
              ]}
            />
          </Show>
        )}
      </Show>
    </section>
  );
}
