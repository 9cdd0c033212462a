// /{locale}/admin/users/{id}/as-user: the customer's history as they read it (their notes, the
// words of their history page), marked read-only; each visit is recorded in the audit log.
import { A, useParams } from '@solidjs/router';
import { createResource, Show } from 'solid-js';
import { DataTable } from '../../components/data-table';
import { Loaded } from '../../components/loaded';
import { adminApi } from '../../lib/admin-api';
import { credits, formatDateTime, formatDelta, locale, localePath } from '../../lib/i18n';
import { kindLabel } from '../../lib/ledger-kinds';
import { usePageTitle } from '../../lib/page-title';
import { describeRow } from '../history/history-rows';
import { at } from './admin-i18n';
import { ErrorAlert } from './admin-ui';

export default function ViewAsPage() {
  const params = useParams<{ id: string }>();
  const [seen] = createResource(() => params.id, adminApi.viewAs);
  usePageTitle(() => at('view_as_title', { email: seen()?.user.email ?? '' }));
  return (
    <section aria-labelledby="view-as-title">
      <ErrorAlert error={seen.error} />
      <Show when={seen()}>
        {(s) => (
          <>
            <h1 id="view-as-title">{at('view_as_title', { email: s().user.email })}</h1>
            <p class="notice">{at('view_as_notice')}</p>
            <p>
              <A href={localePath(`/admin/users/${encodeURIComponent(s().user.id)}`)}>{at('view_as_back')}</A>
            </p>
            <p class="hero-balance">{credits(s().user.credits)}</p>
            <Loaded when={s().history.entries} empty={<p class="muted">{at('ledger_empty')}</p>}>
              {(rows) => (
                <DataTable
                  label={at('table_label', { title: at('view_as_history') })}
                  rows={rows()}
                  columns={[
                    { head: () => at('col_time'), cell: (r) => formatDateTime(locale(), r.createdAt) },
                    { head: () => at('col_kind'), cell: (r) => kindLabel(r.kind) },
                    { head: () => at('col_reason'), cell: (r) => describeRow(locale(), r).what },
                    { head: () => at('col_delta'), cell: (r) => formatDelta(locale(), r.delta), class: 'num' },
                    { head: () => at('col_balance'), cell: (r) => credits(r.balanceAfter), class: 'num' },
                  ]}
                />
              )}
            </Loaded>
          </>
        )}
      </Show>
    </section>
  );
}
