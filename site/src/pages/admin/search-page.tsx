// /{locale}/admin: find a user by email prefix or id; the query lives in the URL so back/forward keep it.
import { A, useSearchParams } from '@solidjs/router';
import { createResource, For, Show } from 'solid-js';
import { adminApi } from '../../lib/api';
import { credits, formatDateTime, locale, localePath } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { at } from './admin-i18n';
import { ErrorAlert, TableWrap } from './admin-ui';

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
            <TableWrap label={at('nav_users')}>
              <table class="ledger">
                <thead>
                  <tr>
                    <th scope="col">{at('col_email')}</th>
                    <th scope="col" class="num">
                      {at('col_balance')}
                    </th>
                    <th scope="col" class="num">
                      {at('col_held')}
                    </th>
                    <th scope="col">{at('col_created')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={found()}>
                    {(u) => (
                      <tr>
                        <td>
                          <A href={localePath(`/admin/users/${encodeURIComponent(u.id)}`)}>{u.email}</A>
                        </td>
                        <td class="num">{credits(u.credits)}</td>
                        <td class="num">{credits(u.held)}</td>
                        <td>{formatDateTime(locale(), u.createdAt)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
          </Show>
        )}
      </Show>
    </section>
  );
}
