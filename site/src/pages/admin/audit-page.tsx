// /{locale}/admin/audit: who did what to whom (operator email, action, target, detail, time), newest first.
import { For, onMount, Show } from 'solid-js';
import { adminApi } from '../../lib/api';
import { formatDateTime, locale, t } from '../../lib/i18n';
import { usePageTitle } from '../../lib/page-title';
import { at } from './admin-i18n';
import { ErrorAlert, TableWrap } from './admin-ui';
import { createPagedList } from './paged-list';

/** `{"amount":500,"reason":"outage"}` → `amount: 500 · reason: outage`. */
export function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export default function AuditPage() {
  usePageTitle(() => at('audit_title'));
  const audit = createPagedList(
    (cursor) => adminApi.audit(cursor).then((p) => ({ items: p.entries, nextCursor: p.nextCursor })),
    (e) => e.id,
  );
  onMount(audit.first);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{at('audit_title')}</h1>
      <ErrorAlert error={audit.error()} />
      <Show
        when={audit.list()}
        fallback={
          <Show when={!audit.error()}>
            <p class="muted">{t('loading')}</p>
          </Show>
        }
      >
        {(list) => (
          <Show when={list().items.length > 0} fallback={<p>{at('audit_empty')}</p>}>
            <TableWrap label={at('audit_title')}>
              <table class="ledger">
                <thead>
                  <tr>
                    <th scope="col">{at('col_time')}</th>
                    <th scope="col">{at('col_actor')}</th>
                    <th scope="col">{at('col_action')}</th>
                    <th scope="col">{at('col_target')}</th>
                    <th scope="col">{at('col_detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list().items}>
                    {(e) => (
                      <tr>
                        <td>{formatDateTime(locale(), e.createdAt)}</td>
                        <td>{e.actorEmail ?? e.actor}</td>
                        <td>{e.action}</td>
                        <td class="mono">{e.target}</td>
                        <td>{detailText(e.detail)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
            <Show when={list().nextCursor}>
              <button type="button" class="button" disabled={audit.loading()} onClick={audit.more}>
                {at('more')}
              </button>
            </Show>
          </Show>
        )}
      </Show>
    </section>
  );
}
